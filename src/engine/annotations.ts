// swarmkit's checks of an object's name (manager/controlapi/common.go validateAnnotations), for
// services and swarm networks.

/**
 * swarmkit's isValidDNSName, `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`. Go runs it in linear time
 * (RE2); JavaScript's backtracking takes exponential time on it for a long name with a bad last
 * character, so this is the same language without the nested quantifier: letters, digits, `-`
 * and `_`, starting and ending with a letter or digit.
 */
const DNS_NAME = /^[a-zA-Z0-9](?:[-_a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** The InvalidArgument text swarmkit answers for `name`, or null when it is fine. */
export function annotationsError(name: string): string | null {
  if (name === '') return 'meta: name must be provided';
  if (!DNS_NAME.test(name)) return 'name must be valid as a DNS name component';
  if (name.length > 63) return 'name must be 63 characters or fewer';
  return null;
}
