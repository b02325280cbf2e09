// The routing core: a pure library over the persisted cluster state that decides what network
// commands inside a simulated container see. It never mutates the state; the engine gives it a
// RoutingContext (state, seeded rng, clock, profile, and `advance` for IPVS round-robin pointers).
//
//   resolveName(ctx, from, name)          embedded DNS (127.0.0.11) / upstream resolver
//   reverse(ctx, ip, from?)               PTR: `<container>.<network>`
//   path(ctx, from, toIp, proto, port?)   reachability, hops, TTL, RTT, IPVS/DNAT backend, client IP
//   serveHttp(ctx, backend, port, req)    what an image's app answers
//   TOOLS / runTool                       ping, traceroute, curl, wget, nslookup, dig, getent
//   indexOf / invalidateIndex             the lookups behind all of these, built once per state object (lookup.ts)
export type { RoutingContext, From, Endpoint, EndpointKind } from './context';
export { indexOf, invalidateIndex, type RoutingIndex } from './lookup';
export { RoutingError, sourceOf, type Source, type NetInfo, type Iface } from './addressing';
export { resolveName, reverse, resolverOf, EXTERNAL_HOSTS, DNS_TTL, EMBEDDED_DNS, type DnsAnswer, type ExternalHost } from './dns';
export { path, pathFrom, type PathResult, type Hop, type Proto, type Failure } from './paths';
export { serviceBackends, ingressKey, vipKey, type Backend } from './ipvs';
export { LINKS, span, sampleUs, sampleMs, iputilsTime, type Rtt } from './latency';
export { appOf, listens, serveHttp, headerBlock, fileOf, type AppInfo, type HttpRequest, type HttpReply } from './http';
export { TOOLS, runTool, ping, traceroute, curl, wget, nslookup, dig, getent, type Tool, type ToolResult } from './tools';
