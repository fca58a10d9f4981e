package org.xsdnn.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xsdnn.data.QesDataset.FileDigest;

/**
 * Downloads archive files into a cache directory ({@code xsdnn data fetch}). Each file is written
 * to a staging folder inside the cache, checked (optional SHA-256, then parsed by
 * {@link QesReader}), and only then renamed into place: the cache never holds a partial or
 * invalid file.
 */
public final class ArchiveFetcher {
    /**
     * The archive's data folder at the University of Virginia. Its files are named as in
     * {@link #ARCHIVE_FILES} (the layout of the archive since its move from
     * faculty.virginia.edu/qes-archive/, whose per-nucleus folders GENIE's 2012 script used).
     */
    public static final URI DEFAULT_BASE_URL =
            URI.create("http://discovery.phys.virginia.edu/research/groups/qes-archive/data/");
    /** The per-nucleus files xsdnn reads; the targets of GENIE's 2012 download plus 6Li. */
    public static final List<String> ARCHIVE_FILES = List.of(
            "2H.dat",
            "3H.dat",
            "3He.dat",
            "4He.dat",
            "6Li.dat",
            "12C.dat",
            "16O.dat",
            "27Al.dat",
            "40Ca.dat",
            "56Fe.dat",
            "197Au.dat",
            "208Pb.dat",
            "238U.dat");

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI baseUrl;
    private final Path cacheDir;
    private final HttpClient client;

    /**
     * @param baseUrl folder URL the file names are resolved against
     * @param cacheDir where the files go; created if absent
     * @param client the HTTP client to use
     */
    public ArchiveFetcher(URI baseUrl, Path cacheDir, HttpClient client) {
        String url = baseUrl.toString();
        this.baseUrl = url.endsWith("/") ? baseUrl : URI.create(url + "/"); // else resolve() drops the last segment
        this.cacheDir = cacheDir;
        this.client = client;
    }

    /** With a client that follows redirects (the server may send http to https) and times out connecting. */
    public ArchiveFetcher(URI baseUrl, Path cacheDir) {
        this(
                baseUrl,
                cacheDir,
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
    }

    /**
     * Downloads {@code names} in order, stopping at the first failure; files fetched before it stay.
     *
     * @param expectedSha256 hex SHA-256 per file name, for the files whose content is known
     * @return the cached files, in the order of {@code names}
     * @throws IOException when the host cannot be reached (the message says how to use a local copy
     *     instead), the server does not answer 200, or a file fails verification
     */
    public List<Path> fetch(List<String> names, Map<String, String> expectedSha256) throws IOException {
        for (String name : names) {
            if (!FILE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("\"" + name + "\" is not a plain file name like 12C.dat");
            }
        }
        Files.createDirectories(cacheDir);
        List<Path> fetched = new ArrayList<>();
        for (String name : names) {
            fetched.add(fetchOne(name, expectedSha256.get(name)));
        }
        return fetched;
    }

    private Path fetchOne(String name, String expectedSha256) throws IOException {
        URI url = baseUrl.resolve(name);
        Path staging = Files.createTempDirectory(cacheDir, ".fetch-");
        try {
            Path part = staging.resolve(name); // same name, so parse errors name the file as the user knows it
            int status = download(url, part);
            if (status != 200) {
                throw new IOException(url + " answered HTTP " + status + "; expected 200. The archive may have moved:"
                        + " give its current address, or point --data (or " + QesArchive.ENV_VAR
                        + ") at a local copy.");
            }
            if (expectedSha256 != null) {
                String actual = FileDigest.of(name, Files.readAllBytes(part)).sha256();
                if (!actual.equalsIgnoreCase(expectedSha256)) {
                    throw new IOException(url + " has SHA-256 " + actual + "; expected " + expectedSha256
                            + ". The file on the server changed or the download was corrupted.");
                }
            }
            try {
                QesReader.read(part);
            } catch (DataFormatException e) {
                throw new IOException(url + " is not a valid archive file: " + e.getMessage(), e);
            }
            Path target = cacheDir.resolve(name);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            try (Stream<Path> left = Files.list(staging)) {
                for (Path p : (Iterable<Path>) left::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(staging);
        }
    }

    /** Writes the body to {@code part} only on HTTP 200; returns the status. */
    private int download(URI url, Path part) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            return client.send(
                            request,
                            info -> info.statusCode() == 200
                                    ? BodySubscribers.ofFile(part)
                                    : BodySubscribers.replacing(part))
                    .statusCode();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IOException(
                    "Could not reach " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                            + " to download " + url + " (" + e + (root == e ? "" : ", caused by " + root) + ")."
                            + " Without network access, download the archive files (" + String.join(", ", ARCHIVE_FILES)
                            + ") on a machine that has it, put them in a folder and point --data (or "
                            + QesArchive.ENV_VAR + ") at that folder.",
                    e);
        } catch (IOException e) {
            throw new IOException("download of " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + url + " interrupted");
        }
    }
}
