package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.host.Processes;

/**
 * A certificate authority made for one test run with the real {@code openssl} tool, and a server
 * certificate it signed for {@code localhost} and {@code 127.0.0.1}.
 */
public record TestCa(Path caCertificate, Path serverCertificate, Path serverKey) {

    /** A CA and a server certificate for localhost, 127.0.0.1 and {@code names} (DNS names). */
    public static TestCa create(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        var ec = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes");
        openssl(
                dir,
                concat(
                        List.of("req", "-x509"),
                        ec,
                        List.of(
                                "-keyout",
                                "ca.key",
                                "-out",
                                "ca.pem",
                                "-days",
                                "2",
                                "-subj",
                                "/CN=InetBoot Test CA",
                                "-addext",
                                "basicConstraints=critical,CA:TRUE",
                                "-addext",
                                "keyUsage=critical,keyCertSign,cRLSign")));
        openssl(
                dir,
                concat(
                        List.of("req"),
                        ec,
                        List.of("-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")));
        Files.writeString(dir.resolve("server.ext"), """
                subjectAltName=DNS:localhost,IP:127.0.0.1%s
                basicConstraints=CA:FALSE
                keyUsage=digitalSignature,keyEncipherment
                extendedKeyUsage=serverAuth
                """.formatted(java.util.Arrays.stream(names)
                .map(name -> ",DNS:" + name)
                .collect(java.util.stream.Collectors.joining())));
        openssl(
                dir,
                List.of(
                        "x509",
                        "-req",
                        "-in",
                        "server.csr",
                        "-CA",
                        "ca.pem",
                        "-CAkey",
                        "ca.key",
                        "-CAcreateserial",
                        "-out",
                        "server.pem",
                        "-days",
                        "2",
                        "-extfile",
                        "server.ext"));
        return new TestCa(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"));
    }

    private static void openssl(Path dir, List<String> args) throws IOException {
        Processes.run(dir, concat(List.of("openssl"), args));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.stream.Stream.of(parts).flatMap(List::stream).toList();
    }
}
