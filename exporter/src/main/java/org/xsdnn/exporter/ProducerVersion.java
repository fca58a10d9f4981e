package org.xsdnn.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The xsdnn version that builds this exporter, filtered into a resource by Maven, for ONNX producer_version. */
final class ProducerVersion {
    private static final String RESOURCE = "producer-version.properties";

    private ProducerVersion() {}

    static String get() {
        try (InputStream in = ProducerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the exporter jar; rebuild it with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
