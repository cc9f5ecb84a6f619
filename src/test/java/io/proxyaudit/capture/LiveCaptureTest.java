package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What {@code run} says when libpcap will not open a device (libpcap 1.10's words, recorded on Debian 12). */
class LiveCaptureTest {
    @Test
    void noCaptureRightsSaysWhatToGrant() {
        // as an unprivileged user: setpriv --reuid=65534 java -jar proxyaudit.jar run -- true
        assertEquals("no capture rights on any (socket: Operation not permitted): run it with sudo, or grant the "
                        + "capability once: sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which java))",
                LiveCapture.openProblem("any", "socket: Operation not permitted"));
        assertEquals("no capture rights on eth0 (eth0: You don't have permission to perform this capture on that "
                        + "device (socket: Operation not permitted)): run it with sudo, or grant the capability once: "
                        + "sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which java))",
                LiveCapture.openProblem("eth0", "eth0: You don't have permission to perform this capture on that "
                        + "device (socket: Operation not permitted)"));
    }

    @Test
    void anUnknownInterfaceSaysHowToFindOne() {
        assertEquals("no network interface \"nosuch0\" (No such device exists): give one that 'ip link' lists, or any",
                LiveCapture.openProblem("nosuch0", "No such device exists"));
    }
}
