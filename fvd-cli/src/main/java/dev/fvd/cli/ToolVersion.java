package dev.fvd.cli;

import dev.fvd.Fvd;
import picocli.CommandLine.IVersionProvider;

/** {@code -V}: the jar's {@code Implementation-Version} (or {@code dev}) and the runtime. */
final class ToolVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"fvd " + Fvd.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
