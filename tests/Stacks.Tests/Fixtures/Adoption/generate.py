# Writes the fixture exports of the incident of docs/sources/hello-world-dao-infrastructure.txt (61 records live, 28 as planned, the IC CNAMEs proxied,
# two _acme-challenge records missing, unmanaged and extra records) and the hcloud list exports, as the
# Cloudflare API, its BIND export and `hcloud … list -o json` write them. As the zone runs: its records were made
# by Cloudflare's auto-import and ops-infra's sync script, neither of which writes comments (the API's
# "comment": null); the VPS runs with IPv6, whose /64 is a primary IP of its own (auto-deleted with the server).
# Run it after changing a fact here:
#   python3 tests/Stacks.Tests/Fixtures/Adoption/generate.py
import hashlib, json, os
Z='helloworlddao.com'; ZID='c54ceb83773e6dc926a644a2d4e8d4af'
out=os.path.dirname(os.path.abspath(__file__))
def rid(*a): return hashlib.md5('|'.join(map(str,a)).encode()).hexdigest()
def fq(n): return Z if n=='@' else f'{n}.{Z}'
recs=[]  # (name, type, content, proxied, ttl, priority, comment)
def add(n,t,c,proxied=False,ttl=1,prio=None,comment=None): recs.append(dict(name=fq(n),type=t,content=c,proxied=proxied,ttl=ttl,priority=prio,comment=comment))
ic=[('@','ic3vh-5qaaa-aaaaf-qazma-cai'),('www','ic3vh-5qaaa-aaaaf-qazma-cai'),('portal','ndpgz-yyaaa-aaaaf-qaz2q-cai'),('admin','ndj7s-4qaaa-aaaaf-qaz3a-cai'),
    ('think-tank','nu6ov-6aaaa-aaaaf-qaz4q-cai'),('ottercamp','n6dg2-tiaaa-aaaaf-qaz5a-cai'),('governance','nbcl7-kiaaa-aaaaf-qaz4a-cai')]
def pre(p,n): return p if n=='@' else f'{p}.{n}'
for n,c in ic:
    # Cloudflare's auto-import flipped every IC CNAME to proxied (docs/sources/hello-world-dao-infrastructure.txt)
    add(n,'CNAME',f'{fq(n)}.icp1.io',proxied=True)
    add(pre('_canister-id',n),'TXT',c)
    if n not in ('ottercamp','governance'):   # auto-import missed these two
        add(pre('_acme-challenge',n),'CNAME',f'_acme-challenge.{fq(n)}.icp2.io')
# records this test stack plans besides the IC domains (records.yaml)
plain=[('oracle','A','65.21.149.226',None,None),
       ('apis','A','157.180.13.84',None,None),
       ('@','MX','mx1.improvmx.com',10,None),('@','MX','mx2.improvmx.com',20,None),
       ('@','TXT','v=spf1 include:spf.improvmx.com include:amazonses.com ~all',None,None),
       ('resend._domainkey','TXT','p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDhwdao',None,None),
       ('_dmarc','TXT','v=DMARC1; p=quarantine; rua=mailto:dmarc@helloworlddao.com',None,None),
       ('@','TXT','google-site-verification=hwdao-verification-token',None,None),
       ('docs','CNAME','hello-world-co-op.github.io',None,None),
       ('status','CNAME','stats.uptimerobot.com',None,None),
       ('send','MX','feedback-smtp.us-east-1.amazonses.com',10,None),
       ('send','TXT','v=spf1 include:amazonses.com ~all',None,None),
       ('blog','CNAME','hashnode.network',None,None),
       ('community','CNAME','hwdao.discourse.group',None,None),
       ('_github-pages-challenge-hello-world-co-op','TXT','4f1c0de2a9b8e7d6c5b4a3f2e1d0c9',None,None),
       ('feedback','CNAME','hwdao.canny.io',None,None)]
for n,t,c,p,cm in plain: add(n,t,c,prio=p,comment=cm)
# unmanaged: other systems' records, and staging's (staging-*)
add('_domainconnect','CNAME','_domainconnect.gd.domaincontrol.com',ttl=3600)
add('_gh-hello-world-coop-dao-e','TXT','8a1f0c2b3d',ttl=3600)
add('staging-oracle','A','65.21.149.226'); add('staging-apis','A','157.180.13.84')
st=[('staging-www','qsgjb-riaaa-aaaaa-aaaga-cai'),('staging-portal','qhbym-qaaaa-aaaaa-aaafq-cai'),('staging-admin','q4eej-kyaaa-aaaaa-aaaha-cai'),
    ('staging-think-tank','rrkah-fqaaa-aaaaa-aaaaq-cai'),('staging-ottercamp','ryjl3-tyaaa-aaaaa-aaaba-cai'),('staging-governance','r7inp-6aaaa-aaaaa-aaabq-cai')]
for n,c in st:
    add(n,'CNAME',f'{fq(n)}.icp1.io'); add(f'_canister-id.{n}','TXT',c); add(f'_acme-challenge.{n}','CNAME',f'_acme-challenge.{fq(n)}.icp2.io')
# extras docs/sources/hello-world-dao-infrastructure.txt names: an AAAA at the apex, a duplicate DMARC, a legacy CAA; and a GoDaddy leftover
add('@','AAAA','2606:4700:3030::6815:1234',proxied=True)
add('_dmarc','TXT','v=DMARC1; p=none',ttl=3600)
add('@','CAA','0 issue "digicert.com"',ttl=3600)
add('autodiscover','CNAME','autodiscover.outlook.com',ttl=3600)
assert len(recs)==61, len(recs)
for r in recs: r['id']=rid(r['name'],r['type'],r['content'])
def api(r):
    o={'id':r['id'],'name':r['name'],'type':r['type'],'content':r['content'],
       'proxiable':r['type'] in('A','AAAA','CNAME'),'proxied':r['proxied'],'ttl':r['ttl'],'settings':{},'meta':{},
       'comment':r['comment'],'tags':[],'created_on':'2026-04-17T09:12:44.000000Z','modified_on':'2026-04-17T09:12:44.000000Z'}
    if r['priority'] is not None: o['priority']=r['priority']
    if r['type']=='CAA': o['data']={'flags':0,'tag':'issue','value':'digicert.com'}
    return o
for page,(a,b) in enumerate([(0,50),(50,61)],1):
    json.dump({'result':[api(r) for r in recs[a:b]],'success':True,'errors':[],'messages':[],
               'result_info':{'page':page,'per_page':50,'count':b-a,'total_count':61,'total_pages':2}},open(f'{out}/dns_records.page{page}.json','w'),indent=2)
# BIND export as the dashboard writes it (absolute names), with a $ORIGIN/$TTL part using relative names
lines=[';;',';; Domain:     helloworlddao.com.',';; Exported:   2026-04-17 09:20:01',';;',
       ';; This file is intended for use for informational and archival',';; purposes ONLY and MUST be edited before use on a production',
       ';; DNS server.',';;','$ORIGIN helloworlddao.com.','$TTL 3600','',';; SOA Record',
       'helloworlddao.com.\t3600\tIN\tSOA\telmo.ns.cloudflare.com. dns.cloudflare.com. (\n\t\t2051234567 10000 2400 604800 3600 )','',';; NS Records',
       'helloworlddao.com.\t86400\tIN\tNS\telmo.ns.cloudflare.com.','helloworlddao.com.\t86400\tIN\tNS\ttessa.ns.cloudflare.com.','']
prev=None
for i,r in enumerate(recs):
    c=r['content']
    if r['type']=='TXT': c='"'+c.replace('"','\\"')+'"'
    elif r['type'] in('CNAME','MX'): c=c+'.'
    if r['priority'] is not None: c=f"{r['priority']} {c}"
    rel = '@' if r['name']==Z else r['name'][:-(len(Z)+1)]
    owner = (r['name']+'.') if i%2==0 else rel   # absolute and relative names alike
    if prev==r['name'] and r['type']=='MX': owner=''  # an omitted owner means the previous one
    ttl = '' if r['ttl']==3600 and r['type']=='TXT' else f"{r['ttl']}\t"
    tag = f" ; cf_tags=cf-proxied:{'true' if r['proxied'] else 'false'}" if r['type'] in('A','AAAA','CNAME') else ''
    lines.append(f"{owner}\t{ttl}IN\t{r['type']}\t{c}{tag}")
    prev=r['name']
open(f'{out}/helloworlddao.com.txt','w').write('\n'.join(lines)+'\n')
# the stack's extra records (beside the IC domains and oracle/apis of production)
y=[]
for n,t,c,p,cm in plain[2:]:
    y.append(f'      - name: "{n}"\n        type: {t}\n        content: "{c}"'+(f'\n        priority: {p}' if p else ''))
open(f'{out}/records.yaml','w').write('\n'.join(y)+'\n')
# hcloud list exports
hel1={'id':3,'name':'hel1','description':'Helsinki DC Park 1','country':'FI','city':'Helsinki','network_zone':'eu-central'}
srv=[{'id':48213645,'name':'oracle-bridge','status':'running','created':'2025-11-02T10:00:00+00:00',
      'public_net':{'ipv4':{'id':61234567,'ip':'65.21.149.226','blocked':False,'dns_ptr':'static.226.149.21.65.clients.your-server.de'},
                    'ipv6':{'id':61234568,'ip':'2a01:4f9:c012:8d2f::/64','blocked':False,'dns_ptr':[]},'floating_ips':[],'firewalls':[{'id':3001,'status':'applied'}]},
      'private_net':[{'network':2001,'ip':'10.0.0.2','alias_ips':[],'mac_address':'86:00:00:aa:bb:cc'}],
      'server_type':{'id':22,'name':'cx22','cores':2,'memory':4.0,'disk':40},'location':hel1,'datacenter':{'id':3,'name':'hel1-dc2','location':hel1},
      'image':{'id':161547269,'name':'ubuntu-24.04','type':'system'},'iso':None,'rescue_enabled':False,'locked':False,'placement_group':None,
      'primary_disk_size':40,'included_traffic':21990232555520,'outgoing_traffic':1234567890,'ingoing_traffic':2345678901,'load_balancers':[],'volumes':[],
      'backup_window':'22-02','labels':{'role':'oracle-bridge'},'protection':{'delete':False,'rebuild':False}},
     {'id':39011222,'name':'oracle-bridge-old','status':'off','public_net':{'ipv4':{'id':55500001,'ip':'95.216.10.20'},'ipv6':None,'floating_ips':[],'firewalls':[]},
      'private_net':[],'server_type':{'id':1,'name':'cx11'},'datacenter':{'id':3,'name':'hel1-dc2','location':{'id':3,'name':'hel1'}},'image':None,'backup_window':None,'labels':{},'protection':{'delete':False,'rebuild':False}}]
json.dump(srv,open(f'{out}/hcloud-servers.json','w'),indent=2)
json.dump([{'id':61234567,'name':'oracle-bridge','ip':'65.21.149.226','type':'ipv4','assignee_id':48213645,'assignee_type':'server','auto_delete':False,'blocked':False,
            'datacenter':{'name':'hel1-dc2','location':{'name':'hel1'}},'dns_ptr':[],'labels':{},'protection':{'delete':True}},
           {'id':61234568,'name':'primary_ip-61234568','ip':'2a01:4f9:c012:8d2f::/64','type':'ipv6','assignee_id':48213645,'assignee_type':'server','auto_delete':True,'blocked':False,
            'datacenter':{'name':'hel1-dc2','location':{'name':'hel1'}},'dns_ptr':[],'labels':{},'protection':{'delete':False}},
           {'id':55500001,'name':'primary_ip-55500001','ip':'95.216.10.20','type':'ipv4','assignee_id':39011222,'assignee_type':'server','auto_delete':True,'blocked':False,
            'datacenter':{'name':'hel1-dc2','location':{'name':'hel1'}},'dns_ptr':[],'labels':{},'protection':{'delete':False}}],open(f'{out}/hcloud-primary-ips.json','w'),indent=2)
json.dump([{'id':2001,'name':'hwdao-private','ip_range':'10.0.0.0/16','expose_routes_to_vswitch':True,
            'subnets':[{'type':'cloud','ip_range':'10.0.0.0/24','network_zone':'eu-central','gateway':'10.0.0.1'},
                       {'type':'vswitch','ip_range':'10.0.1.0/24','network_zone':'eu-central','gateway':'10.0.0.1','vswitch_id':80388}],
            'routes':[],'servers':[48213645],'load_balancers':[],'labels':{},'protection':{'delete':True},'created':'2026-03-01T08:00:00+00:00'}],open(f'{out}/hcloud-networks.json','w'),indent=2)
json.dump([{'id':101,'name':'oracle-bridge-deploy','fingerprint':'b7:2f:aa:10:00:00:00:00:00:00:00:00:00:00:00:01','public_key':'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOracleBridgeDeployKeyPublicHalfReplaceMe0001 deploy@oracle-bridge','labels':{}},
           {'id':102,'name':'hetzner-vps','fingerprint':'b7:2f:aa:10:00:00:00:00:00:00:00:00:00:00:00:02','public_key':'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHetznerVpsAdminKeyPublicHalfReplaceMe000002 root@ax42u-hel1','labels':{}}],open(f'{out}/hcloud-ssh-keys.json','w'),indent=2)
def rule(d,proto,port,ips): return {'description':d,'direction':'in','protocol':proto,'port':port,'source_ips':ips,'destination_ips':[]}
world=['0.0.0.0/0','::/0']
json.dump([{'id':3001,'name':'oracle-bridge','labels':{},'rules':[rule('ssh from admins','tcp','22',['198.51.100.10/32','203.0.113.0/28']),rule('icmp','icmp',None,world),
            rule('public 80','tcp','80',world),rule('public 443','tcp','443',world)],
            'applied_to':[{'type':'server','server':{'id':48213645}}]}],open(f'{out}/hcloud-firewalls.json','w'),indent=2)
