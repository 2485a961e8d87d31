package org.inetboot.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.inetboot.linux.NbdDevice;
import org.inetboot.nbd.NbdServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "nbd",
        description = "Serve an image as a read-only NBD export (TCP, Unix socket), or attach it to /dev/nbdN.")
final class NbdCommand extends ImageCommand {

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            converter = HostPort.class,
            description = "Listen on TCP (default 127.0.0.1:10809 when nothing else is asked).")
    InetSocketAddress listen;

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a Unix socket.")
    Path unix;

    @Option(
            names = "--name",
            paramLabel = "EXPORT",
            defaultValue = "inetboot",
            description = "The export's name (default: ${DEFAULT-VALUE}; \"\" names it too).")
    String name;

    @Option(
            names = "--attach",
            paramLabel = "DEVICE",
            description = "Attach the image to this NBD device (root, Linux) and serve it.")
    Path attach;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description =
                    "With --attach: how long the kernel waits for a reply before an I/O error; longer than our retries (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    public Integer call() throws Exception {
        var stopped = new CountDownLatch(1);
        try (var opened = main().open(image);
                var server = new NbdServer(Map.of(name, opened.source()))) {
            var out = out();
            if (unix != null) {
                server.listen(unix);
                out.println("serving " + image + " as NBD export '" + name + "' on nbd+unix:///" + name + "?socket="
                        + unix);
            }
            if (listen != null || (unix == null && attach == null)) {
                var bound = server.listen(listen != null ? listen : new InetSocketAddress("127.0.0.1", 10809));
                out.println("serving " + image + " as NBD export '" + name + "' on nbd://" + bound.getHostString() + ":"
                        + bound.getPort() + "/" + name);
            }
            if (attach != null) {
                return attach(server, opened.source().size(), out);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.flush();
            stopped.await();
        }
        return 0;
    }

    /** Serves the kernel's NBD client on the device until it is disconnected (or we are stopped). */
    private int attach(NbdServer server, long size, java.io.PrintWriter out) throws Exception {
        var socket = java.nio.file.Files.createTempDirectory("inetboot-nbd").resolve("kernel.sock");
        var disconnected = server.listenForKernel(socket, name);
        try (var device = NbdDevice.attach(attach, socket, size, java.time.Duration.ofSeconds(timeout))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    device.close();
                } catch (java.io.IOException ignored) {
                    // stopping anyway
                }
            }));
            out.println("attached " + image + " to " + attach + " (" + size + " bytes, read-only)");
            out.flush();
            disconnected.join();
        }
        return 0;
    }
}
