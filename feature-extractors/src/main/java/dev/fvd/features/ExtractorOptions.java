package dev.fvd.features;

/**
 * How an extractor runs. Results do not depend on any of these (batch size and threads only change speed).
 *
 * @param device    {@link Device#CPU} or a CUDA device
 * @param batchSize clips per network call (≥ 1)
 * @param threads   ONNX Runtime intra-op threads on CPU (≥ 1)
 */
public record ExtractorOptions(Device device, int batchSize, int threads) {
    public ExtractorOptions {
        if (device == null || batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("invalid extractor options: device=" + device + " batchSize=" + batchSize
                    + " threads=" + threads);
        }
    }

    /** CPU, batch 8, one thread per available core. */
    public static ExtractorOptions defaults() {
        return new ExtractorOptions(Device.CPU, 8, Runtime.getRuntime().availableProcessors());
    }

    public ExtractorOptions withDevice(Device d) {
        return new ExtractorOptions(d, batchSize, threads);
    }

    public ExtractorOptions withBatchSize(int b) {
        return new ExtractorOptions(device, b, threads);
    }

    public ExtractorOptions withThreads(int t) {
        return new ExtractorOptions(device, batchSize, t);
    }
}
