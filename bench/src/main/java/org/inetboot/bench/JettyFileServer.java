package org.inetboot.bench;

import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty 12 serving a directory as its documentation shows (a {@code ResourceHandler}: ranges,
 * validators), file mapping off, with its default pool of platform threads or its pool of virtual threads:
 * {@link ServerBenchmark}'s comparison for InetBoot's own server. Usage:
 * {@code JettyFileServer DIR platform|virtual PORT}.
 */
public final class JettyFileServer {

    private JettyFileServer() {}

    public static void main(String[] args) throws Exception {
        var server = args[1].equals("virtual") ? new Server(new VirtualThreadPool()) : new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[2]));
        server.addConnector(connector);
        var files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(Path.of(args[0])));
        // set either way, it serves ranges 3-4 times as fast as as constructed (12.1.14: 3k requests/s, p99 over 1 s);
        // off measured best
        files.setUseFileMapping(false);
        server.setHandler(files);
        server.start();
        server.join();
    }
}
