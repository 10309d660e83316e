package io.mqttd.mqtt.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Group commit with a controllable fsync: the test decides when each fsync returns, so batching is
 * observed deterministically rather than hoped for.
 */
class GroupCommitterTest {
    private static final CommitResult RESULT = new CommitResult(new long[0], List.of());

    /** An fsync that blocks until the test releases it, counting how often it was entered. */
    private static final class GatedSync implements GroupCommitter.WalSync {
        final Semaphore entered = new Semaphore(0);
        final Semaphore release = new Semaphore(0);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void sync() {
            calls.incrementAndGet();
            entered.release();
            release.acquireUninterruptibly();
        }
    }

    private static void await(Semaphore s) throws InterruptedException {
        assertThat(s.tryAcquire(10, TimeUnit.SECONDS)).as("fsync entered").isTrue();
    }

    @Test
    void completesCommitsOnlyAfterTheFsyncThatCoversThem() throws Exception {
        GatedSync sync = new GatedSync();
        try (GroupCommitter committer = new GroupCommitter(sync, e -> { }, 0, "test-committer")) {
            CompletableFuture<CommitResult> a = committer.submit(RESULT);
            await(sync.entered);
            // A's fsync is running: commits arriving now wait for the next one.
            CompletableFuture<CommitResult> b = committer.submit(RESULT);
            CompletableFuture<CommitResult> c = committer.submit(RESULT);
            assertThat(a).isNotDone();

            sync.release.release();
            assertThat(a.get(10, TimeUnit.SECONDS)).isSameAs(RESULT);
            await(sync.entered);
            assertThat(b).isNotDone();
            assertThat(c).isNotDone();

            sync.release.release();
            CompletableFuture.allOf(b, c).get(10, TimeUnit.SECONDS);
            assertThat(sync.calls.get()).isEqualTo(2);
            assertThat(committer.syncCount()).isEqualTo(2);
            assertThat(committer.completedCount()).isEqualTo(3);
        }
    }

    @Test
    void failedFsyncFailsTheCommitsItCoveredAndReportsIt() throws Exception {
        AtomicReference<StoreException> reported = new AtomicReference<>();
        GroupCommitter.WalSync failing = () -> {
            throw new StoreException("disk gone");
        };
        try (GroupCommitter committer = new GroupCommitter(failing, reported::set, 0, "test-committer")) {
            CompletableFuture<CommitResult> a = committer.submit(RESULT);
            assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("disk gone");
            assertThat(reported.get()).hasMessage("disk gone");
        }
    }

    @Test
    void closeFsyncsAndCompletesWhatIsWaiting() throws Exception {
        GatedSync sync = new GatedSync();
        GroupCommitter committer = new GroupCommitter(sync, e -> { }, 0, "test-committer");
        CompletableFuture<CommitResult> a = committer.submit(RESULT);
        await(sync.entered);
        CompletableFuture<CommitResult> b = committer.submit(RESULT);
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            committer.close();
            closed.countDown();
        });
        closer.start();
        sync.release.release(2);
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(sync.calls.get()).isEqualTo(2);
        assertThatThrownBy(() -> committer.submit(RESULT).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToBeClosedFromItsOwnCompletion() throws Exception {
        GatedSync sync = new GatedSync();
        GroupCommitter committer = new GroupCommitter(sync, e -> { }, 0, "test-committer");
        try {
            CompletableFuture<CommitResult> commit = committer.submit(RESULT);
            // Hold the fsync until the callback is attached, so that it runs on the committer thread.
            await(sync.entered);
            CompletableFuture<Throwable> refused = commit.handle((r, e) -> {
                try {
                    committer.close();
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            sync.release.release();
            assertThat(refused.get(10, TimeUnit.SECONDS)).hasMessageContaining("commit completion");
        } finally {
            committer.close();
        }
    }
}
