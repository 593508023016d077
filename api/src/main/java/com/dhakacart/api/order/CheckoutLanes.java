package com.dhakacart.api.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One queue per hot product ("lane"), drained by one writer that places everything waiting (up to a
 * batch) in one transaction. While a batch commits, the next one gathers: the busier a product, the
 * more orders share each commit, with no timer and no added wait when the shop is quiet. The number of
 * orders waiting is bounded; past it {@link #submit} refuses at once ({@link CheckoutBusy}).
 */
@Component
class CheckoutLanes {

    private static final Logger log = LoggerFactory.getLogger(CheckoutLanes.class);

    private final CheckoutBatch batches;
    private final CheckoutSettings settings;
    private final ConcurrentHashMap<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    CheckoutLanes(CheckoutBatch batches, CheckoutSettings settings) {
        this.batches = batches;
        this.settings = settings;
    }

    /** Queues an order behind the others for its product; the answer completes after its batch commits. */
    void submit(PendingOrder pending) {
        if (waiting.incrementAndGet() > settings.queueCapacity()) {
            waiting.decrementAndGet();
            throw new CheckoutBusy(settings.retryAfterSeconds());
        }
        // compute() is atomic per lane: a lane is removed only while empty (see drain), so an order
        // added here is always seen by a running writer or starts a new one.
        lanes.compute(pending.lane(), (id, lane) -> {
            if (lane == null) {
                lane = new Lane(id);
                Lane started = lane;
                Thread.ofVirtual().name("checkout-lane-" + id).start(() -> started.drain());
            }
            lane.queue.add(pending);
            return lane;
        });
    }

    int waiting() {
        return waiting.get();
    }

    private final class Lane {
        final long product;
        final Queue<PendingOrder> queue = new ConcurrentLinkedQueue<>();

        Lane(long product) {
            this.product = product;
        }

        void drain() {
            while (true) {
                List<PendingOrder> batch = new ArrayList<>();
                for (PendingOrder next; batch.size() < settings.batchSize() && (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    boolean[] done = {false};
                    lanes.computeIfPresent(product, (id, lane) -> {
                        done[0] = lane.queue.isEmpty();
                        return done[0] ? null : lane;
                    });
                    if (done[0]) {
                        return;
                    }
                    continue;
                }
                waiting.addAndGet(-batch.size());
                try {
                    batches.place(batch);
                } catch (RuntimeException | Error e) {
                    log.error("checkout batch for product {} failed", product, e);
                    batch.forEach(p -> p.answer.completeExceptionally(e));
                }
            }
        }
    }
}
