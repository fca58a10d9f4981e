package org.xsdnn.cli;

import picocli.CommandLine;

/** The project version, from the jar manifest (set by Maven). */
final class Version implements CommandLine.IVersionProvider {
    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "xsdnn " + get(),
            "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch")
        };
    }
}
