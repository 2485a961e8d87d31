package org.inetboot.cli;

import java.util.concurrent.Callable;
import org.inetboot.agent.IpConfig;
import org.inetboot.agent.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "network",
        description = "Load the drivers of the present devices by modalias and bring the network up,"
                + " as the boot medium does (root; in the medium or a guest).")
final class NetworkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--ip",
            paramLabel = "IP",
            defaultValue = "dhcp",
            description =
                    "As the kernel's ip=: dhcp, DEVICE:dhcp, or CLIENT:SERVER:GATEWAY:NETMASK:HOSTNAME:DEVICE:AUTOCONF:DNS0:DNS1.")
    String ip;

    @Override
    public Integer call() throws Exception {
        Network.up(IpConfig.parse(ip), spec.commandLine().getOut());
        return 0;
    }
}
