package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes items on a fixed pool of threads and delivers their clips in item order.
 *
 * <p>The consumer keeps a window of at most {@code threads + queueCapacity} submitted items and always waits for the oldest, so
 * (1) the order of clips is the item order whatever the thread count or timing, (2) workers never run more than the window ahead
 * of the consumer (backpressure), and (3) memory holds at most that many items' clips. Errors are handled when the consumer
 * reaches the failed item in order, so the clips of earlier items are always delivered first.
 */
final class OrderedClipStream implements ClipStream {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private record Submitted(int index, DatasetItem item, Future<List<Clip>> result) {
    }

    private record Pending(Clip clip, boolean lastOfItem) {
    }

    private final Path input;
    private final List<DatasetItem> items;
    private final List<AutoCloseable> resources;
    private final ClipSampler sampler;
    private final DatasetOptions options;
    private final ExecutorService pool;
    private final int window;
    // consumer side (guarded by this): the window, buffered clips, progress
    private final Deque<Submitted> inFlight = new ConcurrentLinkedDeque<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private int nextToSubmit;
    private long itemsWithClips;
    private RuntimeException failure;
    // read by report() and close() from any thread without waiting for a consumer blocked on a decode
    private final List<SkippedInput> skipped = new CopyOnWriteArrayList<>();
    private final List<DisplayAdjustment> display = new CopyOnWriteArrayList<>();
    private volatile long deliveredItems;
    private volatile long deliveredClips;
    private volatile boolean closed;
    private final Object closeLock = new Object();

    OrderedClipStream(Path input, DatasetScanner.Listing listing, DatasetOptions options) {
        this.input = input;
        this.items = listing.items();
        this.resources = listing.resources();
        this.options = options;
        if (options.sampling().offset() == OffsetPolicy.CD_FVD) {
            // cd-FVD's draw depends on every video's frame count: planned over the whole listing before decoding
            CdFvdClipDraw.Plan plan = CdFvdClipDraw.plan(input, items, options.sampling(), options.onBadInput());
            this.sampler = new ClipSampler(options.sampling(), plan.starts());
            skipped.addAll(plan.skipped());
        } else {
            this.sampler = new ClipSampler(options.sampling());
        }
        int threads = listing.sequential() ? 1 : Math.max(1, Math.min(options.threads(), items.size()));
        this.window = threads + options.queueCapacity();
        int poolId = POOLS.incrementAndGet();
        AtomicInteger threadId = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "fvd-decode-" + poolId + "-" + threadId.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public synchronized boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            return false;
        }
        while (pending.isEmpty()) {
            // under cd-FVD's draw the item count is in the plan already
            int maxItems = options.sampling().offset() == OffsetPolicy.CD_FVD ? 0 : options.sampling().maxItems();
            if (closed || (maxItems > 0 && itemsWithClips >= maxItems)) {
                close();
                return false;
            }
            fillWindow();
            Submitted head = inFlight.poll();
            if (head == null) {
                boolean closedElsewhere = closed;
                close();
                if (!closedElsewhere && deliveredClips == 0 && !skipped.isEmpty()) {
                    failure = new EmptyDatasetException(input, input + ": all " + skipped.size() + " inputs were skipped; first: "
                            + skipped.get(0).reason());
                    throw failure;
                }
                return false;
            }
            List<Clip> clips;
            try {
                clips = await(head);
            } catch (DatasetException e) {
                if (closed) {
                    // closed from another thread while this item was decoding: not a bad input
                    return false;
                }
                // a video the protocol discards (StyleGAN-V's short real videos) is listed, never fatal
                if (options.onBadInput() == BadInputPolicy.SKIP || e instanceof ShortVideoDiscardedException) {
                    skipped.add(new SkippedInput(head.item().source(), e.getMessage()));
                    continue;
                }
                failure = e;
                close();
                throw e;
            }
            itemsWithClips++;
            // read after the item's future completed, in dataset order: deterministic whatever the thread count
            head.item().display().ifPresent(display::add);
            for (int k = 0; k < clips.size(); k++) {
                pending.add(new Pending(clips.get(k), k == clips.size() - 1));
            }
        }
        return true;
    }

    @Override
    public synchronized Clip next() {
        if (!hasNext()) {
            throw new NoSuchElementException(input + ": no more clips");
        }
        Pending next = pending.poll();
        Clip clip = next.clip();
        deliveredClips++;
        if (next.lastOfItem()) {
            deliveredItems++;
        }
        return new Clip(clip.source(), deliveredClips - 1, clip.frames(), clip.height(), clip.width(), clip.pixels(),
                clip.start());
    }

    private void fillWindow() {
        while (inFlight.size() < window && nextToSubmit < items.size()) {
            int index = nextToSubmit++;
            if (!sampler.drawn(index)) {
                continue;
            }
            DatasetItem item = items.get(index);
            try {
                inFlight.add(new Submitted(index, item, pool.submit(() -> transformed(item.read(sampler, index)))));
            } catch (RejectedExecutionException e) {
                return; // closed from another thread
            }
        }
    }

    /** The sampling's frame transform, applied on the worker that decoded the clips. */
    private List<Clip> transformed(List<Clip> clips) {
        FrameTransform transform = sampler.sampling().transform();
        return transform.isIdentity() ? clips : clips.stream().map(transform::apply).toList();
    }

    private List<Clip> await(Submitted submitted) {
        try {
            // timed waits: a close() from another thread must release a consumer whose item will never run
            while (true) {
                try {
                    return submitted.result().get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (closed) {
                        throw new CancellationException("closed");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DatasetException(submitted.item().path(), input + ": interrupted while decoding "
                    + submitted.item().source(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DatasetException de) {
                throw de;
            }
            // a library failure we did not foresee still names the input
            throw new BadInputException(submitted.item().path(), submitted.item().source() + ": cannot decode: " + cause, cause);
        } catch (CancellationException e) {
            throw new DatasetException(submitted.item().path(), input + ": stream closed while decoding "
                    + submitted.item().source(), e);
        }
    }

    @Override
    public long listedItems() {
        return items.size();
    }

    @Override
    public DatasetReport report() {
        return new DatasetReport(input.toString(), deliveredItems, deliveredClips, skipped, display);
    }

    /**
     * Stops decoding: cancels queued items, interrupts the workers (their decode loops check it) and waits for them, so every
     * grabber is closed on return. May be called from any thread; a consumer blocked in {@link #hasNext()} then returns false.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Submitted submitted : inFlight) {
                submitted.result().cancel(true);
            }
            // items the consumer already took from the window but no worker started: cancel them too, or their futures never complete
            for (Runnable neverStarted : pool.shutdownNow()) {
                if (neverStarted instanceof Future<?> future) {
                    future.cancel(false);
                }
            }
            try {
                // workers close their grabbers in finally blocks; wait so nothing native outlives the stream
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    System.err.println("fvd: decoding threads of " + input + " did not stop within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (AutoCloseable resource : resources) {
                DatasetScanner.closeQuietly(resource);
            }
        }
    }
}
