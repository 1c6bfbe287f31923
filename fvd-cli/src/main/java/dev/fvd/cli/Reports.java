package dev.fvd.cli;

import dev.fvd.ScoreResult;

/** Prints a result the same way for {@code score} and {@code distance}, and decides the gate's exit code. */
final class Reports {
    private Reports() {
    }

    static int emit(CliContext context, OutputOptions output, ScoreResult result) {
        if (output.json) {
            context.out().println(result.toJson());
        } else {
            context.out().println(result.value());
        }
        context.out().flush();
        if (!output.quiet) {
            Summary.print(context.err(), result);
        }
        if (result.gate() != null && !result.gate().passed()) {
            context.err().printf("fvd: gate failed: %s %s > %s%n", result.metric(), result.value(), result.gate().max());
            context.err().flush();
            return ExitCode.GATE_FAILED.code();
        }
        context.err().flush();
        return ExitCode.SUCCESS.code();
    }
}
