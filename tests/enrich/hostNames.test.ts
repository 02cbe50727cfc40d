/** Host naming: SNI, then Host, then the DNS answer the device used, CNAME chains followed. */
import { describe, expect, it } from 'vitest';
import { hostNames, type NameSources, stripPort } from '../../src/core/report/hostNames';
import { registrableDomain } from '../../src/core/enrich/domain';

const src = (over: Partial<NameSources>): NameSources => ({ flows: [], tls: [], http: [], dns: [], ...over });
const flow = (id: number, serverIp: string, firstFrame = 10) => ({ id, serverIp, firstFrame });
const answer = (frame: number, name: string, answers: string[]) => ({ flow: 0, frame, name, response: true, answers });

describe('hostNames', () => {
  it('prefers SNI, then HTTP Host, then DNS', () => {
    const names = hostNames(src({
      flows: [flow(1, '1.1.1.1'), flow(2, '1.1.1.1'), flow(3, '1.1.1.1')],
      tls: [{ flow: 1, sni: 'SNI.Example.com.' }],
      http: [{ flow: 1, host: 'host.example.com' }, { flow: 2, host: 'Host.Example.com:8080' }],
      dns: [answer(1, 'dns.example.com', ['1.1.1.1'])],
    }));
    expect(names.get(1)).toBe('sni.example.com');
    expect(names.get(2)).toBe('host.example.com');
    expect(names.get(3)).toBe('dns.example.com');
  });

  it('skips an IP-literal Host header and uses the DNS name', () => {
    const names = hostNames(src({ flows: [flow(1, '123.125.102.61')], http: [{ flow: 1, host: '123.125.102.61:80' }], dns: [answer(1, 'api.example.cn', ['123.125.102.61'])] }));
    expect(names.get(1)).toBe('api.example.cn');
  });

  it('follows a CNAME chain back to the name the device asked for', () => {
    // As the DNS extractor records it: the question owns the CNAME, the target owns the address.
    const names = hostNames(src({
      flows: [flow(1, '39.156.68.15')],
      dns: [answer(1, 'img.jinri-news.cn', ['img.jinri-news.cn.edgefast-cdn.net']), answer(1, 'img.jinri-news.cn.edgefast-cdn.net', ['39.156.68.15'])],
    }));
    expect(names.get(1)).toBe('img.jinri-news.cn');
  });

  it('survives a CNAME loop', () => {
    const names = hostNames(src({ flows: [flow(1, '1.2.3.4')], dns: [answer(1, 'a.example', ['b.example']), answer(1, 'b.example', ['a.example', '1.2.3.4'])] }));
    expect(['a.example', 'b.example']).toContain(names.get(1));
  });

  it('uses the latest answer before the flow when names share an address', () => {
    const dns = [answer(1, 'first.example', ['5.5.5.5']), answer(20, 'second.example', ['5.5.5.5']), answer(40, 'third.example', ['5.5.5.5'])];
    const names = hostNames(src({ flows: [flow(1, '5.5.5.5', 30), flow(2, '5.5.5.5', 5), flow(3, '5.5.5.5', 0)], dns }));
    expect(names.get(1)).toBe('second.example');
    expect(names.get(2)).toBe('first.example');
    expect(names.get(3)).toBe('first.example'); // nothing before it: first in the capture
  });

  it('ignores queries and leaves unknown servers unnamed', () => {
    const names = hostNames(src({ flows: [flow(1, '9.9.9.9')], dns: [{ flow: 0, frame: 1, name: 'q.example', response: false, answers: ['9.9.9.9'] }] }));
    expect(names.has(1)).toBe(false);
  });

  it('strips ports from Host values', () => {
    expect(stripPort('a.example:8080')).toBe('a.example');
    expect(stripPort('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(stripPort('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('registrableDomain', () => {
  it('uses the public suffix list', () => {
    expect(registrableDomain('img.jinri-news.cn')).toBe('jinri-news.cn');
    expect(registrableDomain('api.pay.xmsvc-cloud.cn')).toBe('xmsvc-cloud.cn');
    expect(registrableDomain('a.b.co.uk')).toBe('b.co.uk');
    expect(registrableDomain('WWW.Example.COM.')).toBe('example.com');
    expect(registrableDomain('bucket.s3.amazonaws.com')).toBe('amazonaws.com');
    expect(registrableDomain('1.2.3.4')).toBeNull();
    expect(registrableDomain('localhost')).toBeNull();
    expect(registrableDomain(null)).toBeNull();
  });
});
