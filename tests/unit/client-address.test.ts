import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/rate-limit";

describe("the client's address for rate limits (issue 19, finding 3)", () => {
  it("with no trusted proxy, ignores X-Forwarded-For entirely and uses the connection's address", () => {
    expect(clientAddress("1.2.3.4", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress("1.2.3.4, 5.6.7.8", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress(null, "203.0.113.7", 0)).toBe("203.0.113.7");
  });

  it("behind trusted proxies, reads the rightmost hop they did not add, never the client's leftmost", () => {
    // The client sends "6.6.6.6"; one proxy (the peer, 10.0.0.1) appends the real address.
    expect(clientAddress("6.6.6.6, 198.51.100.2", "10.0.0.1", 1)).toBe("198.51.100.2");
    // Two proxies: an edge (appends the client) and an internal one (the peer).
    expect(clientAddress("6.6.6.6, 198.51.100.2, 10.0.0.9", "10.0.0.1", 2)).toBe("198.51.100.2");
    // A chain shorter than the proxies configured falls back to its leftmost hop.
    expect(clientAddress("", "10.0.0.1", 3)).toBe("10.0.0.1");
  });

  it("whatever a client writes into X-Forwarded-For, its key stays the same", () => {
    const keys = new Set(["1.1.1.1", "2.2.2.2, 3.3.3.3", "", "unknown"].map((xff) => clientAddress(`${xff}, 198.51.100.2`, "10.0.0.1", 1)));
    expect([...keys]).toEqual(["198.51.100.2"]);
  });
});
