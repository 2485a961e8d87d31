#!/inetboot/root/bin/busybox sh
# InetBoot stage 2. The kernel runs this first in the target's initramfs (rdinit=/inetboot/init):
# it starts the daemon that attaches the image to /dev/nbd0, then hands over to the target's /init.
bb=/inetboot/root/bin/busybox
root=/.inetboot
say() { echo "InetBoot stage 2: $*"; }
mark() { read -r up _ </proc/uptime; echo "InetBoot timeline: $up s $*"; } # as Timeline.java prints

$bb mkdir -p /proc /sys /dev "$root"
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev
mark "stage 2 init"
# The daemon's own root, a tmpfs: the target's switch_root empties the initramfs, not other mounts.
$bb mount -t tmpfs -o mode=0755 inetboot "$root"
$bb mv /inetboot/root/* "$root"/
bb=$root/bin/busybox
for dir in proc sys dev run tmp; do $bb mkdir -p "$root/$dir"; done
$bb mount -t proc proc "$root/proc"
$bb mount -t sysfs sysfs "$root/sys"
$bb mount -t devtmpfs devtmpfs "$root/dev"
$bb chroot "$root" /bin/busybox --install -s /bin
# The target kernel's modules load, and the network cards come up (carrier takes seconds), while the
# JVM starts; the daemon waits for this, then loads what failed here itself, saying why.
$bb mkdir -p "$root/run/inetboot"
(
    modules=$root/etc/inetboot/modules
    if [ -f "$modules/order" ]; then
        while read -r module parameters; do
            [ -n "$module" ] && $bb insmod "$modules/$module" $parameters 2>/dev/null
        done <"$modules/order"
    fi
    for link in /sys/class/net/*; do $bb ip link set "${link##*/}" up 2>/dev/null; done
    : >"$root/run/inetboot/modules-loaded"
) &
# '@' first in argv[0] tells systemd that this process serves the root file system: it is not killed.
# The console is opened inside the daemon's root: an open file under this /dev would keep it busy.
# Its memory is locked, so what the heap once reached stays resident: 40 MiB of chunk cache and 32 MiB
# of replies in flight fit in 112 MiB (160 MiB grew to a VmRSS of 228 MiB reading a whole image), and
# no large temporary direct buffer is kept by NIO.
$bb chroot "$root" /bin/sh -c 'exec -a @inetboot /opt/inetboot/runtime/bin/java @/opt/inetboot/jvm.options -Xmx112m \
    -Djdk.nio.maxCachedBufferSize=262144 \
    -jar /opt/inetboot/inetboot.jar stage2 </dev/console >/dev/console 2>&1' &
daemon=$!
while [ ! -e "$root/run/inetboot/attached" ]; do
    if ! $bb kill -0 "$daemon" 2>/dev/null; then
        say "the image could not be attached (see above); the target's init starts without its medium"
        break
    fi
    $bb sleep 0.2
done
mark "hand-over to the target's /init"
$bb umount /dev /sys /proc
exec /init "$@"
