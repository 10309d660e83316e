package io.mqttd.bench.broker.load;

import java.net.InetSocketAddress;

/**
 * One load against any MQTT 5 broker already running:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.mqttd.bench.broker.load.LoadGenerator \
 *      HOST PORT PUBLISHERS SUBSCRIBERS QOS PAYLOAD_BYTES MESSAGES_PER_PUBLISHER fan-in|pairs WINDOW
 * </pre>
 *
 * Prints one Markdown row (see {@link LoadResult}).
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] a) throws Exception {
        if (a.length != 9) {
            System.err.println("usage: LoadGenerator HOST PORT PUBLISHERS SUBSCRIBERS QOS PAYLOAD_BYTES "
                    + "MESSAGES_PER_PUBLISHER fan-in|pairs WINDOW");
            System.exit(2);
        }
        LoadSpec spec = new LoadSpec("cli", Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                Integer.parseInt(a[5]), Integer.parseInt(a[6]), a[7], Integer.parseInt(a[8]));
        LoadResult r = new LoadRun(new InetSocketAddress(a[0], Integer.parseInt(a[1])), spec, 3).run(a[0] + ":" + a[1]);
        System.out.println(LoadResult.markdownHeader());
        System.out.println(r.markdownRow());
    }
}
