package dev.fvd.cli;

import java.io.PrintWriter;

/**
 * What every command writes to and reads from: machine output ({@code out}, JSON or the bare value), human output
 * ({@code err}: summaries, progress, warnings, errors), and the process environment.
 */
record CliContext(PrintWriter out, PrintWriter err, Environment env) {
}
