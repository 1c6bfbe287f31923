package dev.fvd.spark;

import dev.fvd.Fvd;
import dev.fvd.cli.Environment;
import dev.fvd.cli.ExtractionOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** Parses the extraction options of {@code fvd stats} alone: how an executor rebuilds the driver's settings from their text. */
@Command(name = "extraction")
final class ExtractionArgs {
    @Mixin
    ExtractionOptions extraction;

    private ExtractionArgs() {
    }

    /** A library builder from {@code args} (e.g. {@code --protocol tf --frames 16}) and this process's environment. */
    static Fvd.Builder builder(List<String> args) {
        ExtractionArgs parsed = new ExtractionArgs();
        new CommandLine(parsed).parseArgs(args.toArray(String[]::new));
        return parsed.extraction.builder(Environment.system());
    }
}
