import { describe, expect, it } from 'vitest';
import { at, codes, withCode } from '../../helpers.js';

const HOST = 'host hostA address 192.0.2.11\nhost hostB address 192.0.2.12\n';
const IMG = 'image localhost/vsh-busybox:latest';

describe('VN161 endpoint-names', () => {
  it('flags a container and a namespace of one name on one host, at the container, related to the namespace', () => {
    const [d, ...rest] = withCode(`${HOST}namespace web1 on hostA\ncontainer web1 on hostA ${IMG}\n`, 'VN161');
    expect(rest).toEqual([]);
    expect(at(d)).toBe('4:11');
    expect(d!.message).toContain("container 'web1' and namespace 'web1' on hostA would be one network namespace");
    expect(d!.related?.[0]?.span).toMatchObject({ line: 3, column: 11 });
  });

  it('allows the same name on different hosts, and a bridge named like a container', () => {
    expect(codes(`${HOST}namespace web1 on hostB\ncontainer web1 on hostA ${IMG}\nbridge web1 on hostA\n`)).toEqual([]);
  });
});

describe('container statement: bad input', () => {
  it('an image that could be read as an option is refused (VN001)', () => {
    const [d] = withCode(`${HOST}container c1 on hostA image "--privileged"\n`, 'VN001');
    expect(d!.message).toBe("'--privileged' is not an image name");
  });
  it('a command that cannot be split is refused, saying why (VN001)', () => {
    const [d] = withCode(`${HOST}container c1 on hostA ${IMG} command "sh -c 'x"\n`, 'VN001');
    expect(d!.message).toBe("the command cannot be split into words: the ' at column 7 is not closed");
  });
  it('image is required; the runtime is podman or docker', () => {
    expect(withCode(`${HOST}container c1 on hostA\n`, 'VN001')[0]!.message).toBe("container needs 'image'");
    expect(withCode(`${HOST}container c1 on hostA ${IMG} runtime lxc\n`, 'VN001')[0]!.message).toContain("unknown runtime 'lxc' for container: expected podman or docker");
  });
  it('expect and peer accept a container as the endpoint (no VN150, no VN201 offline)', () => {
    expect(codes(`${HOST}bridge br0 on hostA\ncontainer c1 on hostA ${IMG}\nport c1-p on br0@hostA type veth peer c1:eth0 address 10.9.0.1/24\nexpect reach c1@hostA 10.9.0.2\n`)).toEqual([]);
  });
});
