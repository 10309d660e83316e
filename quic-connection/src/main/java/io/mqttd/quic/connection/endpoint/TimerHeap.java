package io.mqttd.quic.connection.endpoint;

import java.util.Arrays;

/**
 * The connections' next timeouts, soonest first: an indexed binary min-heap, so moving one
 * connection's deadline costs O(log n) and allocates nothing, however many idle connections wait.
 */
final class TimerHeap {
    private ConnectionSlot[] heap = new ConnectionSlot[64];
    private int size;

    int size() {
        return size;
    }

    /** The slot with the soonest deadline, or null. */
    ConnectionSlot peek() {
        return size == 0 ? null : heap[0];
    }

    /** Sets a slot's deadline; {@link Long#MAX_VALUE} takes it out of the heap. */
    void schedule(ConnectionSlot slot, long deadline) {
        if (slot.heapIndex < 0) {
            slot.deadline = deadline;
            if (deadline == Long.MAX_VALUE) {
                return;
            }
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = slot;
            slot.heapIndex = size++;
            up(slot.heapIndex);
            return;
        }
        if (deadline == Long.MAX_VALUE) {
            remove(slot);
            return;
        }
        long old = slot.deadline;
        slot.deadline = deadline;
        if (deadline < old) {
            up(slot.heapIndex);
        } else if (deadline > old) {
            down(slot.heapIndex);
        }
    }

    void remove(ConnectionSlot slot) {
        int i = slot.heapIndex;
        slot.deadline = Long.MAX_VALUE;
        if (i < 0) {
            return;
        }
        slot.heapIndex = -1;
        ConnectionSlot last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            up(i);
            down(last.heapIndex);
        }
    }

    private void up(int i) {
        ConnectionSlot s = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].deadline <= s.deadline) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].heapIndex = i;
            i = parent;
        }
        heap[i] = s;
        s.heapIndex = i;
    }

    private void down(int i) {
        ConnectionSlot s = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].deadline < heap[child].deadline) {
                child++;
            }
            if (heap[child].deadline >= s.deadline) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = s;
        s.heapIndex = i;
    }
}
