package dev.fvd.cli;

import dev.fvd.IncompatibleStatisticsException;
import dev.fvd.InvalidSettingsException;
import dev.fvd.core.io.StatsFileException;
import dev.fvd.core.stats.StatisticsMismatchException;
import dev.fvd.datasets.DatasetException;
import dev.fvd.features.ClipRejectedException;
import dev.fvd.features.ModelException;
import dev.fvd.io.OutputFileException;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Every exit status of {@code fvd}, decided here and nowhere else, and listed in every command's help. */
public enum ExitCode {
    SUCCESS(0, "success"),
    GATE_FAILED(1, "gate failed: the value is above --fail-above"),
    USAGE(2, "usage error: bad option, value, combination or output path"),
    BAD_INPUT(3, "bad input data: video, image or stats file (named)"),
    MODEL(4, "model unavailable or invalid (says how to get it)"),
    INTERNAL(5, "internal error (rerun with --verbose, report it)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The status a failure maps to. */
    public static ExitCode of(Throwable t) {
        if (t instanceof CommandLine.ParameterException || t instanceof InvalidSettingsException
                || t instanceof OutputFileException) {
            return USAGE;
        }
        if (t instanceof DatasetException || t instanceof StatsFileException || t instanceof IncompatibleStatisticsException
                || t instanceof dev.fvd.io.NpyFormatException
                || t instanceof StatisticsMismatchException || t instanceof ClipRejectedException
                || t instanceof UncheckedIOException) {
            return BAD_INPUT;
        }
        if (t instanceof ModelException) {
            return MODEL;
        }
        return INTERNAL;
    }

    /** The "Exit codes:" section of the help. */
    static String helpSection() {
        return Arrays.stream(values())
                .map(e -> String.format("  %d  %s", e.code, e.meaning))
                .collect(Collectors.joining("%n", "%nExit codes:%n", "%n"));
    }
}
