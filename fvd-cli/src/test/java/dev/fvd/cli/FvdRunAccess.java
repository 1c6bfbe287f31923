package dev.fvd.cli;

import java.nio.file.Path;

/** Gives tests in other packages the repository root of {@link FvdRun}. */
public final class FvdRunAccess {
    private FvdRunAccess() {
    }

    public static Path root() {
        return FvdRun.root();
    }
}
