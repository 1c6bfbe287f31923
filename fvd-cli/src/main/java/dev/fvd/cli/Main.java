package dev.fvd.cli;

/** {@code fvd}: see {@link FvdCommandLine}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(FvdCommandLine.execute(FvdCommandLine.stdout(), FvdCommandLine.stderr(), Environment.system(), args));
    }
}
