package org.inetboot.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx serving a directory on a loopback port, as an ordinary image mirror would: plain
 * HTTP/1.1, or TLS with HTTP/2 when given a certificate. Installed by the project's setup script.
 */
public final class Nginx implements AutoCloseable {

    private final Process process;
    private final Path accessLog;
    private final URI uri;

    private Nginx(Process process, Path accessLog, URI uri) {
        this.process = process;
        this.accessLog = accessLog;
        this.uri = uri;
    }

    public static Nginx serve(Path root, Path workDir) throws IOException {
        return start(root, workDir, null, "");
    }

    /** Serves with more directives in the server block (headers to add, locations). */
    public static Nginx serve(Path root, Path workDir, String serverDirectives) throws IOException {
        return start(root, workDir, null, serverDirectives);
    }

    /** Serves over HTTPS (HTTP/2 offered by ALPN) with the CA's server certificate. */
    public static Nginx serveTls(Path root, Path workDir, TestCa ca) throws IOException {
        return start(root, workDir, ca, "");
    }

    private static Nginx start(Path root, Path workDir, TestCa tls, String serverDirectives) throws IOException {
        Files.createDirectories(workDir.resolve("tmp"));
        int port = Ports.freePort();
        var listen = "127.0.0.1:" + port + (tls == null ? "" : " ssl http2");
        var certificates = tls == null
                ? ""
                : "ssl_certificate " + tls.serverCertificate() + ";\n" + "        ssl_certificate_key "
                        + tls.serverKey() + ";\n";
        var config = workDir.resolve("nginx.conf");
        Files.writeString(
                config, """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    log_format sent '$bytes_sent $connection';
                    access_log %1$s/access.log sent;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    keepalive_requests 100000;
                    server {
                        listen %2$s;
                        %3$s
                        root %4$s;
                        %5$s
                    }
                }
                """.formatted(workDir, listen, certificates, root.toAbsolutePath(), serverDirectives));
        var process = new ProcessBuilder(List.of(binary(), "-p", workDir.toString(), "-c", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("nginx.out").toFile())
                .start();
        try {
            Ports.awaitListening(process, port, Duration.ofSeconds(15));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException(
                    "nginx did not start: " + e.getMessage() + "\n" + Files.readString(workDir.resolve("nginx.out")),
                    e);
        }
        var scheme = tls == null ? "http" : "https";
        return new Nginx(
                process,
                workDir.resolve("access.log"),
                URI.create(scheme + "://" + (tls == null ? "127.0.0.1" : "localhost") + ":" + port + "/"));
    }

    private static String binary() throws IOException {
        for (var candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IOException("nginx is not installed: run ./setup");
    }

    /**
     * The bytes nginx has sent, headers included, for the requests it has logged: a request is
     * logged when it ends, completed or cut off by the client.
     */
    public long bytesSent() throws IOException {
        if (!Files.exists(accessLog)) {
            return 0;
        }
        try (var lines = Files.lines(accessLog)) {
            return lines.mapToLong(line -> Long.parseLong(line.substring(0, line.indexOf(' '))))
                    .sum();
        }
    }

    /** How many connections the logged requests came on (nginx's connection serial numbers). */
    public long connections() throws IOException {
        if (!Files.exists(accessLog)) {
            return 0;
        }
        try (var lines = Files.lines(accessLog)) {
            return lines.map(line -> line.substring(line.indexOf(' ') + 1))
                    .distinct()
                    .count();
        }
    }

    /** The base URL, ending in a slash. */
    /** Its process (master_process off: the one that serves), for what it costs. */
    public long pid() {
        return process.pid();
    }

    public URI uri() {
        return uri;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
