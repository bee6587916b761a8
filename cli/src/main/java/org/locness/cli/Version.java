package org.locness.cli;

import picocli.CommandLine;

/** Version from the jar's manifest (set by Maven), so --version never lies. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Locness.class.getPackage().getImplementationVersion();
        return new String[] {"locness " + (version == null ? "(development build)" : version)};
    }
}
