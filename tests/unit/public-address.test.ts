import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "@/lib/sso/public-address";

describe("addresses an HR-entered URL may reach from the server", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast and reserved ranges, in both families", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.5",
      "172.20.1.1",
      "192.168.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "fd12::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "::FFFF:127.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
  });

  it("lets public addresses through, and treats what is not an address as private", () => {
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"])
      expect(isPrivateAddress(a), a).toBe(false);
    expect(isPrivateAddress("not-an-address")).toBe(true);
  });
});
