package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on 127.0.0.1 that serves the shared archive under /qes/ and junk under /junk/. */
class ArchiveFetcherTest {
    @TempDir
    Path cache;

    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/qes/", exchange -> {
            Path file = SharedData.file(exchange.getRequestURI().getPath().substring("/qes/".length()));
            if (Files.isRegularFile(file)) {
                respond(exchange, 200, Files.readAllBytes(file));
            } else {
                respond(exchange, 404, "not found".getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.createContext(
                "/junk/",
                exchange -> respond(
                        exchange, 200, "<html><body>Page moved</body></html>\n".getBytes(StandardCharsets.US_ASCII)));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/qes/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void fetchesAndVerifiesFiles() throws Exception {
        String sha = QesDataset.FileDigest.of("12C.dat", Files.readAllBytes(SharedData.file("12C.dat")))
                .sha256();
        Path dir = cache.resolve("new/qes"); // created on demand
        List<Path> got =
                new ArchiveFetcher(base, dir).fetch(List.of("12C.dat", "eQE_197Au.dat"), Map.of("12C.dat", sha));
        assertEquals(List.of(dir.resolve("12C.dat"), dir.resolve("eQE_197Au.dat")), got);
        assertArrayEquals(Files.readAllBytes(SharedData.file("12C.dat")), Files.readAllBytes(got.get(0)));
        assertEquals(List.of("12C.dat", "eQE_197Au.dat"), listing(dir)); // no staging left behind
        assertEquals(
                2660 - 92, QesArchive.open(dir).load(Selection.carbonPaper()).size());
    }

    @Test
    void replacesAnOlderCopy() throws Exception {
        Files.writeString(cache.resolve("16O.dat"), "old");
        new ArchiveFetcher(base, cache).fetch(List.of("16O.dat"), Map.of());
        assertArrayEquals(Files.readAllBytes(SharedData.file("16O.dat")), Files.readAllBytes(cache.resolve("16O.dat")));
    }

    @Test
    void reportsHttpErrorWithUrl() throws Exception {
        IOException e = assertThrows(
                IOException.class, () -> new ArchiveFetcher(base, cache).fetch(List.of("48Ca.dat"), Map.of()));
        assertTrue(e.getMessage().startsWith(base + "48Ca.dat answered HTTP 404; expected 200."), e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void explainsUnreachableHost() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } // closed: nothing listens there now
        IOException e = assertThrows(
                IOException.class,
                () -> new ArchiveFetcher(URI.create("http://127.0.0.1:" + port + "/qes"), cache)
                        .fetch(List.of("12C.dat"), Map.of()));
        assertTrue(
                e.getMessage()
                        .startsWith("Could not reach 127.0.0.1:" + port + " to download http://127.0.0.1:" + port
                                + "/qes/12C.dat"),
                e.getMessage());
        assertTrue(e.getMessage().contains("point --data (or XSDNN_DATA) at that folder"), e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void rejectsCorruptFileAndKeepsCacheClean() throws Exception {
        URI junk = URI.create(base.toString().replace("/qes/", "/junk/"));
        IOException e = assertThrows(
                IOException.class, () -> new ArchiveFetcher(junk, cache).fetch(List.of("12C.dat"), Map.of()));
        assertTrue(
                e.getMessage().startsWith(junk + "12C.dat is not a valid archive file: 12C.dat:1: found 2 columns"),
                e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void rejectsWrongChecksum() throws Exception {
        IOException e = assertThrows(
                IOException.class,
                () -> new ArchiveFetcher(base, cache).fetch(List.of("16O.dat"), Map.of("16O.dat", "00".repeat(32))));
        assertTrue(
                e.getMessage().contains("has SHA-256 ") && e.getMessage().contains("expected " + "00".repeat(32)),
                e.getMessage());
        assertEquals(List.of(), listing(cache));
    }

    @Test
    void refusesPathsAsFileNames() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ArchiveFetcher(base, cache).fetch(List.of("../12C.dat"), Map.of()));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
