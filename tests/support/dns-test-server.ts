import dgram from "node:dgram";
import dnsPacket from "dns-packet";

/**
 * A real DNS server on loopback (UDP, 127.0.0.1) for the domain-proof tests: the app's resolver
 * (node:dns/promises, pointed here by DNS_SERVERS) asks it over the wire, as it would ask the
 * operator's. It holds TXT records set by the test; a name it does not know is NXDOMAIN. Two
 * deliberate faults: a name marked `silent` gets no answer (the lookup times out), one marked
 * `broken` gets SERVFAIL.
 */
export interface DnsTestServer {
  port: number;
  /** Where the app's DNS_SERVERS points: 127.0.0.1:<port>. */
  address: string;
  /** Each value one TXT record; a record given as a list is sent as that many strings (as long values are). */
  setTxt(name: string, values: (string | string[])[]): void;
  fault(name: string, kind: "silent" | "broken"): void;
  clear(name: string): void;
  close(): Promise<void>;
}

export async function startDnsServer(port = 0): Promise<DnsTestServer> {
  const records = new Map<string, (string | string[])[]>();
  const faults = new Map<string, "silent" | "broken">();
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message, peer) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const fault = faults.get(name);
    if (fault === "silent") return;
    const values = records.get(name);
    const answers: dnsPacket.Answer[] =
      values && question.type === "TXT" ? values.map((data) => ({ type: "TXT", name: question.name, ttl: 60, class: "IN", data })) : [];
    // Flags: a response (QR), recursion desired and available; rcode 3 NXDOMAIN, 2 SERVFAIL.
    const rcode = fault === "broken" ? 2 : values ? 0 : 3;
    const response = dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: query.questions,
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, "127.0.0.1", () => resolve());
  });
  const bound = socket.address().port;
  return {
    port: bound,
    address: `127.0.0.1:${bound}`,
    setTxt: (name, values) => {
      faults.delete(name.toLowerCase());
      records.set(name.toLowerCase(), values);
    },
    fault: (name, kind) => faults.set(name.toLowerCase(), kind),
    clear: (name) => {
      records.delete(name.toLowerCase());
      faults.delete(name.toLowerCase());
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
