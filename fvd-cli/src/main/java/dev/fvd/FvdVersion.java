package dev.fvd;

/** The version of fvd written into reports and provenance. */
public final class FvdVersion {
    private FvdVersion() {
    }

    /** The jar manifest's {@code Implementation-Version}, or {@code dev} when run from classes. */
    public static String current() {
        String v = FvdVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
