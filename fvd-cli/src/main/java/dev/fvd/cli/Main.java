package dev.fvd.cli;

/** {@code fvd}: see {@link FvdCommandLine}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(FvdCommandLine.create(FvdCommandLine.stdout(), FvdCommandLine.stderr(), Environment.system()).execute(args));
    }
}
