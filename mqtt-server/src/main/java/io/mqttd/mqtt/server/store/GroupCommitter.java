package io.mqttd.mqtt.server.store;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Group commit for {@link Durability#GROUP_COMMIT}: commits have already written the WAL without
 * fsync and wait here; one committer thread fsyncs the WAL once and completes every commit that
 * was waiting when that fsync started. Commits that arrive during an fsync wait for the next one,
 * so the batch grows with the load and with the disk's fsync latency, and a lone committer pays one
 * fsync and no added delay. The thread sleeps on a monitor while nothing waits: no spinning.
 *
 * <p>Correctness rests on the order of events: a commit is submitted only after its WAL write
 * returned, and the committer takes the waiting commits before it calls fsync, so each fsync
 * covers every write of the commits it completes.
 */
final class GroupCommitter implements AutoCloseable {

    /** The fsync of the write-ahead log. */
    @FunctionalInterface
    interface WalSync {
        void sync();
    }

    private record Pending(CompletableFuture<CommitResult> future, CommitResult result) {
    }

    private final Object monitor = new Object();
    private final WalSync walSync;
    private final Consumer<StoreException> onFailure;
    private final long delayNanos;
    private final Thread thread;
    // Guarded by monitor; the committer swaps the two lists so that steady state allocates nothing.
    private ArrayList<Pending> waiting = new ArrayList<>();
    private ArrayList<Pending> spare = new ArrayList<>();
    private boolean closing;
    // Written by the committer thread only.
    private volatile long syncs;
    private volatile long completed;

    GroupCommitter(WalSync walSync, Consumer<StoreException> onFailure, long delayNanos, String threadName) {
        this.walSync = walSync;
        this.onFailure = onFailure;
        this.delayNanos = delayNanos;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits for the fsync that covers a commit whose WAL write has returned. */
    CompletableFuture<CommitResult> submit(CommitResult result) {
        CompletableFuture<CommitResult> future = new CompletableFuture<>();
        synchronized (monitor) {
            if (closing) {
                future.completeExceptionally(new IllegalStateException("store is closed"));
                return future;
            }
            waiting.add(new Pending(future, result));
            if (waiting.size() == 1) {
                monitor.notify();
            }
        }
        return future;
    }

    boolean isCommitterThread() {
        return Thread.currentThread() == thread;
    }

    /** How many fsyncs the committer has done. */
    long syncCount() {
        return syncs;
    }

    /** How many commits it has completed. */
    long completedCount() {
        return completed;
    }

    private void run() {
        while (true) {
            synchronized (monitor) {
                while (waiting.isEmpty() && !closing) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        // Only close() ends the committer, which must drain what is waiting first.
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
            }
            if (delayNanos > 0) {
                LockSupport.parkNanos(delayNanos);
            }
            ArrayList<Pending> batch;
            synchronized (monitor) {
                batch = waiting;
                waiting = spare;
                spare = null;
            }
            StoreException failure = null;
            try {
                walSync.sync();
                syncs++;
            } catch (StoreException e) {
                failure = e;
                onFailure.accept(e);
            } catch (RuntimeException e) {
                failure = new StoreException("WAL sync failed", e);
                onFailure.accept(failure);
            }
            // Counted before completing, so that whoever sees a completion also sees it counted.
            completed += batch.size();
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                if (failure == null) {
                    p.future.complete(p.result);
                } else {
                    p.future.completeExceptionally(failure);
                }
            }
            batch.clear();
            synchronized (monitor) {
                spare = batch;
            }
        }
    }

    /** Fsyncs and completes whatever is waiting, then stops the thread. */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            // A completion callback closing the store would wait here for its own thread.
            throw new IllegalStateException("the store cannot be closed from a commit completion");
        }
        synchronized (monitor) {
            closing = true;
            monitor.notify();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
