package org.xsdnn.data;

import java.nio.file.Path;

/** The project's shared QES archive copy (system property xsdnn.shared, set by surefire). */
final class SharedData {
    private SharedData() {}

    static Path qes() {
        String shared = System.getProperty("xsdnn.shared");
        return Path.of(shared == null ? "/work/shared" : shared, "data", "qes");
    }

    static Path file(String name) {
        return qes().resolve(name);
    }
}
