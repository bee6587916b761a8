package org.locness.cli.run;

import java.nio.file.Path;

/** The Locness checkout the launcher runs from ({@code -Dlocness.home}), for shipped files such as infra/vms. */
public final class Home {
    private Home() {
    }

    public static Path resolve(String relative) {
        String home = System.getProperty("locness.home");
        return home == null ? Path.of(relative) : Path.of(home).resolve(relative);
    }
}
