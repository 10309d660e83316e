package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** A store whose write failed must not acknowledge anything afterwards. */
class StoreFailureTest {
    @Test
    void failedWriteStopsTheStoreFromAcceptingCommits() {
        AbstractBrokerStore store = new FailingStore();
        StoredMessage m = StoredMessage.of("t", new byte[0], Qos.AT_LEAST_ONCE, false, "p");
        assertThatThrownBy(() -> store.batch().enqueue("c", m).commit().join()).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("no space");
        assertThatThrownBy(() -> store.batch().putRetained(m).commit().join()).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("store failed earlier: no space");
    }

    /** A store whose disk is full. */
    private static final class FailingStore extends AbstractBrokerStore {
        FailingStore() {
            super(StoreConfig.defaults());
        }

        @Override
        protected WriteSink newSink() {
            return new WriteSink() {
                @Override
                public void putSession(SessionState session) {
                }

                @Override
                public void removeClient(String clientId) {
                }

                @Override
                public void putEntry(String clientId, long sequence, StoredMessage message) {
                }

                @Override
                public void putState(String clientId, long sequence, DeliveryState state, int packetId) {
                }

                @Override
                public void removeEntry(String clientId, long sequence, boolean inFlight) {
                }

                @Override
                public void putInbound(String clientId, int packetId) {
                }

                @Override
                public void removeInbound(String clientId, int packetId) {
                }

                @Override
                public void putRetained(StoredMessage message) {
                }

                @Override
                public void removeRetained(String topic) {
                }

                @Override
                public void write() {
                    throw new StoreException("no space left on device");
                }
            };
        }

        @Override
        protected CompletableFuture<CommitResult> afterWrite(CommitResult result) {
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public Optional<SessionState> session(String clientId) {
            return Optional.empty();
        }

        @Override
        public List<SessionState> sessions() {
            return List.of();
        }

        @Override
        public List<OutboundEntry> queue(String clientId, long afterSequence, int maxEntries) {
            return List.of();
        }

        @Override
        public List<Integer> inboundQos2PacketIds(String clientId) {
            return List.of();
        }

        @Override
        public Optional<StoredMessage> retained(String topic) {
            return Optional.empty();
        }

        @Override
        public List<StoredMessage> retainedMessages() {
            return List.of();
        }

        @Override
        public void close() {
            markClosed();
        }
    }
}
