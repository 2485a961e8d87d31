package org.inetboot.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.inetboot.nbd.NbdServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "nbd", description = "Serve an image as a read-only NBD export (TCP, Unix socket), or attach it to /dev/nbdN.")
final class NbdCommand extends ImageCommand {

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Listen on TCP (default 127.0.0.1:10809 when nothing else is asked).")
    String listen;

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a Unix socket.")
    Path unix;

    @Option(names = "--name", paramLabel = "EXPORT", defaultValue = "inetboot", description = "The export's name (default: ${DEFAULT-VALUE}; \"\" names it too).")
    String name;

    @Option(names = "--attach", paramLabel = "DEVICE", description = "Attach the image to this NBD device (root, Linux) and serve it.")
    Path attach;

    @Override
    public Integer call() throws Exception {
        var stopped = new CountDownLatch(1);
        try (var opened = main().open(image); var server = new NbdServer(Map.of(name, opened.source()))) {
            var out = out();
            if (unix != null) {
                server.listen(unix);
                out.println("serving " + image + " as NBD export '" + name + "' on nbd+unix:///" + name + "?socket=" + unix);
            }
            if (listen != null || (unix == null && attach == null)) {
                var bound = server.listen(address(listen == null ? "127.0.0.1:10809" : listen));
                out.println("serving " + image + " as NBD export '" + name + "' on nbd://" + bound.getHostString() + ":" + bound.getPort() + "/" + name);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.flush();
            stopped.await();
        }
        return 0;
    }

    private InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon).replaceAll("^\\[|]$", ""), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen: '" + hostPort + "' is not HOST:PORT");
        }
    }
}
