package dev.fvd.cli;

import dev.fvd.IncompatibleStatisticsException;
import dev.fvd.InvalidSettingsException;
import dev.fvd.Setting;

import java.util.Optional;

/**
 * The command-line option of each library {@link Setting}: library messages say what is wrong, and the command line adds the
 * option that changes it ({@code … (--frames 10)}).
 */
final class OptionNames {
    private OptionNames() {
    }

    /** The option that sets {@code setting}. */
    static String of(Setting setting) {
        return switch (setting) {
            case METRIC -> "--metric";
            case PROTOCOL -> "--protocol";
            case MODEL -> "--model";
            case FRAMES -> "--frames";
            case STRIDE -> "--stride";
            case OFFSET -> "--offset";
            case CLIPS_PER_VIDEO -> "--clips-per-video";
            case MAX_ITEMS -> "--max-videos/--max-images";
            case BATCH_SIZE -> "--batch";
            case THREADS -> "--threads/--decode-threads";
            case DEVICE -> "--device";
            case KERNEL_SUBSETS -> "--kernel-subsets/--kernel-subset-size";
            case MEASURES -> "--metrics";
            case BOOTSTRAP -> "--bootstrap";
            case KEEP_FEATURES -> "fvd stats --keep-features";
            case MERGE -> "fvd stats --merge";
        };
    }

    /** {@code " (--frames 10)"} for a failure that names a setting, else empty. */
    static String suffix(Throwable failure) {
        Optional<Setting.Hint> hint = failure instanceof InvalidSettingsException e ? e.hint()
                : failure instanceof IncompatibleStatisticsException e ? e.hint() : Optional.empty();
        return hint.map(h -> " (" + of(h.setting()) + (h.value() == null ? "" : " " + h.value()) + ")").orElse("");
    }
}
