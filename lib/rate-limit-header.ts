export const PEER_HEADER = "x-twofold-peer";
