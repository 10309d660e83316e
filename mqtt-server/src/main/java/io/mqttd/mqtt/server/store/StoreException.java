package io.mqttd.mqtt.server.store;

/**
 * The store could not do what was asked: the data directory is unusable or locked, the disk failed,
 * or a stored record is corrupt. After a failed write the store refuses further commits (see
 * {@link BrokerStore}); the broker should stop rather than acknowledge messages it cannot keep.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
