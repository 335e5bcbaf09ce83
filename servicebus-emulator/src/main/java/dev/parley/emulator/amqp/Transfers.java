package dev.parley.emulator.amqp;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/** Reading complete incoming transfers and keeping the client's credit topped up. */
final class Transfers {
    private Transfers() {
    }

    /** The transfer's bytes once it is complete (and the link advanced), or null while frames are still coming. */
    static byte[] read(Receiver receiver, Delivery d) {
        if (d.isPartial() || d.isSettled() || receiver.current() != d) {
            return null;
        }
        int size = d.pending();
        byte[] bytes = new byte[size];
        int read = receiver.recv(bytes, 0, size);
        receiver.advance();
        if (read < size) {
            byte[] shorter = new byte[Math.max(read, 0)];
            System.arraycopy(bytes, 0, shorter, 0, shorter.length);
            return shorter;
        }
        return bytes;
    }

    static void topUp(Receiver receiver, int credit) {
        if (receiver.getCredit() < credit / 2) {
            receiver.flow(credit - receiver.getCredit());
        }
    }
}
