package io.mqttd.mqtt.server.broker;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A connection's replies that wait for store commits, sent strictly in the order they were
 * queued: PUBACK and PUBREC go out in the order the PUBLISH packets arrived (MQTT-4.6.0-2..4), a
 * SUBACK after the PUBACK of a PUBLISH sent before it, whatever order the commits complete in.
 * Used on the connection's executor only; completions come back to it through {@code post}.
 */
final class ReplyQueue {
    private record Pending(CompletableFuture<?> done, Consumer<Throwable> send) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Consumer<Runnable> post;
    private final BooleanSupplier open;

    /**
     * @param post runs a task on the connection's executor
     * @param open whether the connection still sends (replies stop once it closed)
     */
    ReplyQueue(Consumer<Runnable> post, BooleanSupplier open) {
        this.post = post;
        this.open = open;
    }

    /** Calls {@code send} with null, or with the failure, once {@code done} completes and every earlier reply went out. */
    void add(CompletableFuture<?> done, Consumer<Throwable> send) {
        if (pending.isEmpty() && done.isDone()) {
            send.accept(failure(done));
            return;
        }
        pending.add(new Pending(done, send));
        done.whenComplete((r, e) -> post.accept(this::drain));
    }

    private void drain() {
        while (!pending.isEmpty() && pending.peek().done().isDone() && open.getAsBoolean()) {
            Pending p = pending.poll();
            p.send().accept(failure(p.done()));
        }
    }

    private static Throwable failure(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
