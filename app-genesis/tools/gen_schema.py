#!/usr/bin/env python3
"""Transcribes the genesis messages of inferenced's modules from .proto files into Rust tables.

Run by hand (not by the build): `python3 tools/gen_schema.py <proto roots...>` writes
`src/modules/generated/*.rs`. The proto roots are the trees gonka 312044d pins (see README.md);
this script only reads field declarations (names, numbers, types, gogoproto options that change
the JSON form) -- nothing is copied from the Go sources.
"""
import os, re, sys, collections

TOKEN = re.compile(r'''(?x)
  (?P<ws>\s+) | (?P<lc>//[^\n]*) | (?P<bc>/\*.*?\*/) |
  (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*') |
  (?P<id>[A-Za-z_.][A-Za-z0-9_.]*) | (?P<num>-?[0-9][0-9xXa-fA-F.]*) | (?P<sym>[{}()\[\]<>=;,:-])
''', re.S)

def tokenize(src):
    out, pos = [], 0
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise SystemExit(f"tokenize error at {src[pos:pos+40]!r}")
        pos = m.end()
        k = m.lastgroup
        if k in ('ws', 'lc', 'bc'):
            continue
        out.append(m.group())
    return out

class P:
    def __init__(self, toks, path):
        self.t, self.i, self.path = toks, 0, path
    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None
    def next(self):
        v = self.t[self.i]; self.i += 1; return v
    def expect(self, v):
        n = self.next()
        if n != v:
            raise SystemExit(f"{self.path}: expected {v} got {n} near {self.t[self.i-5:self.i+5]}")
    def skip_stmt(self):
        depth = 0
        while True:
            n = self.next()
            if n == '{': depth += 1
            elif n == '}':
                depth -= 1
                if depth == 0: return
            elif n == ';' and depth == 0: return
    def skip_block(self):
        # at '{'
        depth = 0
        while True:
            n = self.next()
            if n == '{': depth += 1
            elif n == '}':
                depth -= 1
                if depth == 0: return

def unq(s):
    return s[1:-1].encode().decode('unicode_escape')

def parse_options(p):
    """[ (a.b) = v, c = v ] -> dict"""
    opts = {}
    if p.peek() != '[':
        return opts
    p.next()
    while True:
        name = ''
        while p.peek() != '=':
            name += p.next()
        p.next()
        val = p.next()
        if val == '{':  # aggregate option value
            depth = 1
            while depth:
                n = p.next()
                if n == '{': depth += 1
                elif n == '}': depth -= 1
            val = '{}'
        elif val == '-':
            val = '-' + p.next()
        while p.peek() not in (',', ']'):
            nxt = p.next()  # adjacent string literal concatenation
            if nxt.startswith('"'):
                val = val[:-1] + nxt[1:]
        opts[name] = unq(val) if val.startswith(('"', "'")) else val
        if p.next() == ']':
            return opts

Field = collections.namedtuple('Field', 'name number type label key opts oneof')

class Msg:
    def __init__(self, full, file):
        self.full, self.file, self.fields, self.opts = full, file, [], {}
class Enum:
    def __init__(self, full, file):
        self.full, self.file, self.values, self.opts = full, file, [], {}

MSGS, ENUMS = {}, {}

def parse_message(p, scope, file, kind):
    name = p.next()
    full = scope + '.' + name if scope else name
    obj = (Msg if kind == 'message' else Enum)(full, file)
    (MSGS if kind == 'message' else ENUMS)[full] = obj
    p.expect('{')
    oneof = None
    depth_oneof = False
    while True:
        t = p.peek()
        if t == '}':
            p.next()
            if depth_oneof:
                depth_oneof = False; oneof = None; continue
            return
        if t == ';':
            p.next(); continue
        if t in ('message', 'enum'):
            p.next(); parse_message(p, full, file, t); continue
        if t == 'option':
            p.next()
            name = ''
            while p.peek() != '=':
                name += p.next()
            p.next(); val = p.next()
            if val == '{':
                depth = 1
                while depth:
                    n = p.next()
                    if n == '{': depth += 1
                    elif n == '}': depth -= 1
            else:
                obj.opts[name] = unq(val) if val.startswith('"') else val
                p.expect(';')
            continue
        if t in ('reserved', 'extensions', 'extend'):
            p.skip_stmt(); continue
        if t == 'oneof':
            p.next(); oneof = p.next(); p.expect('{'); depth_oneof = True; continue
        if kind == 'enum':
            vname = p.next(); p.expect('=')
            num = p.next()
            if num == '-': num = '-' + p.next()
            opts = parse_options(p); p.expect(';')
            obj.values.append((vname, int(num, 0), opts))
            continue
        label = None
        if t in ('repeated', 'optional', 'required'):
            label = p.next()
        typ = p.next()
        key = None
        if typ == 'map':
            p.expect('<'); key = p.next(); p.expect(','); typ = p.next(); p.expect('>')
            label = 'map'
        fname = p.next(); p.expect('='); num = int(p.next(), 0)
        opts = parse_options(p); p.expect(';')
        obj.fields.append(Field(fname, num, typ, label, key, opts, oneof))

FILES = {}

def parse_file(path, rel):
    src = open(path, encoding='utf-8').read()
    p = P(tokenize(src), rel)
    pkg = ''
    while p.peek() is not None:
        t = p.next()
        if t == 'package':
            pkg = p.next(); p.expect(';')
        elif t in ('message', 'enum'):
            parse_message(p, pkg, rel, t)
        elif t in ('service', 'extend'):
            p.next()
            while p.peek() != '{': p.next()
            p.skip_block()
        elif t in ('syntax', 'import', 'option', 'edition'):
            while p.next() != ';': pass
        elif t == ';':
            pass
        else:
            raise SystemExit(f"{rel}: unexpected {t}")
    FILES[rel] = pkg

def resolve(typ, scope):
    if typ.startswith('.'):
        return typ[1:]
    parts = scope.split('.')
    while True:
        cand = '.'.join(parts + [typ]) if parts else typ
        if cand in MSGS or cand in ENUMS:
            return cand
        if not parts:
            break
        parts.pop()
    # first component may name an outer scope: try resolving only the first component
    raise KeyError(f"cannot resolve {typ} in {scope}")

# ---- which messages the app_state sections decode (the GenesisState each module's
# DefaultGenesis/ValidateGenesis uses) ----
ROOTS = {
    'auth': 'cosmos.auth.v1beta1.GenesisState',
    'authz': 'cosmos.authz.v1beta1.GenesisState',
    'bank': 'cosmos.bank.v1beta1.GenesisState',
    'bls': 'inference.bls.GenesisState',
    'bookkeeper': 'inference.bookkeeper.GenesisState',
    'capability': 'capability.v1.GenesisState',
    'circuit': 'cosmos.circuit.v1.GenesisState',
    'collateral': 'inference.collateral.GenesisState',
    'crisis': 'cosmos.crisis.v1beta1.GenesisState',
    'distribution': 'cosmos.distribution.v1beta1.GenesisState',
    'evidence': 'cosmos.evidence.v1beta1.GenesisState',
    'feegrant': 'cosmos.feegrant.v1beta1.GenesisState',
    'feeibc': 'ibc.applications.fee.v1.GenesisState',
    'genesistransfer': 'inference.genesistransfer.GenesisState',
    'genutil': 'cosmos.genutil.v1beta1.GenesisState',
    'gov': 'cosmos.gov.v1.GenesisState',
    'group': 'cosmos.group.v1.GenesisState',
    'ibc': 'ibc.core.types.v1.GenesisState',
    'inference': 'inference.inference.GenesisState',
    'interchainaccounts': 'ibc.applications.interchain_accounts.genesis.v1.GenesisState',
    'mint': 'cosmos.mint.v1beta1.GenesisState',
    'nft': 'cosmos.nft.v1beta1.GenesisState',
    'restrictions': 'inference.restrictions.GenesisState',
    'slashing': 'cosmos.slashing.v1beta1.GenesisState',
    'staking': 'cosmos.staking.v1beta1.GenesisState',
    'streamvesting': 'inference.streamvesting.GenesisState',
    'transfer': 'ibc.applications.transfer.v1.GenesisState',
    'wasm': 'cosmwasm.wasm.v1.GenesisState',
}

# Interface -> implementations registered with the app's InterfaceRegistry (Go RegisterInterfaces
# calls, cited in src/modules/interfaces.md). An interface absent here is "not transcribed".
INTERFACES = {
    'cosmos.auth.v1beta1.GenesisAccount': [
        'cosmos.auth.v1beta1.BaseAccount', 'cosmos.auth.v1beta1.ModuleAccount',
        'cosmos.vesting.v1beta1.BaseVestingAccount', 'cosmos.vesting.v1beta1.ContinuousVestingAccount',
        'cosmos.vesting.v1beta1.DelayedVestingAccount', 'cosmos.vesting.v1beta1.PeriodicVestingAccount',
        'cosmos.vesting.v1beta1.PermanentLockedAccount',
        'ibc.applications.interchain_accounts.v1.InterchainAccount'],
    'cosmos.crypto.PubKey': [
        'cosmos.crypto.ed25519.PubKey', 'cosmos.crypto.secp256k1.PubKey',
        'cosmos.crypto.multisig.LegacyAminoPubKey', 'cosmos.crypto.secp256r1.PubKey'],
    'cosmos.authz.v1beta1.Authorization': [
        'cosmos.authz.v1beta1.GenericAuthorization', 'cosmos.bank.v1beta1.SendAuthorization',
        'cosmos.staking.v1beta1.StakeAuthorization', 'ibc.applications.transfer.v1.TransferAuthorization',
        'cosmwasm.wasm.v1.StoreCodeAuthorization', 'cosmwasm.wasm.v1.ContractExecutionAuthorization',
        'cosmwasm.wasm.v1.ContractMigrationAuthorization'],
    'cosmos.feegrant.v1beta1.FeeAllowanceI': [
        'cosmos.feegrant.v1beta1.BasicAllowance', 'cosmos.feegrant.v1beta1.PeriodicAllowance',
        'cosmos.feegrant.v1beta1.AllowedMsgAllowance'],
    'cosmos.evidence.v1beta1.Evidence': ['cosmos.evidence.v1beta1.Equivocation'],
    'cosmos.group.v1.DecisionPolicy': [
        'cosmos.group.v1.ThresholdDecisionPolicy', 'cosmos.group.v1.PercentageDecisionPolicy'],
    'ibc.core.client.v1.ClientState': [
        'ibc.lightclients.tendermint.v1.ClientState', 'ibc.lightclients.solomachine.v3.ClientState',
        'ibc.lightclients.localhost.v2.ClientState'],
    'ibc.core.client.v1.ConsensusState': [
        'ibc.lightclients.tendermint.v1.ConsensusState', 'ibc.lightclients.solomachine.v3.ConsensusState'],
    'cosmwasm.wasm.v1.ContractAuthzFilterX': [
        'cosmwasm.wasm.v1.AllowAllMessagesFilter', 'cosmwasm.wasm.v1.AcceptedMessageKeysFilter',
        'cosmwasm.wasm.v1.AcceptedMessagesFilter'],
    'cosmwasm.wasm.v1.ContractAuthzLimitX': [
        'cosmwasm.wasm.v1.MaxCallsLimit', 'cosmwasm.wasm.v1.MaxFundsLimit',
        'cosmwasm.wasm.v1.CombinedLimit'],
    'cosmwasm.wasm.v1.ContractInfoExtension': [],
    'cosmos.gov.v1beta1.Content': ['cosmos.gov.v1beta1.TextProposal'],
}
# Any fields whose proto lacks accepts_interface: full field name -> interface.
ANY_FIELD_IFACE = {
    'cosmos.auth.v1beta1.GenesisState.accounts': 'cosmos.auth.v1beta1.GenesisAccount',
    'cosmos.auth.v1beta1.BaseAccount.pub_key': 'cosmos.crypto.PubKey',
    'cosmos.crypto.multisig.LegacyAminoPubKey.public_keys': 'cosmos.crypto.PubKey',
    'cosmos.authz.v1beta1.Grant.authorization': 'cosmos.authz.v1beta1.Authorization',
    'cosmos.authz.v1beta1.GrantAuthorization.authorization': 'cosmos.authz.v1beta1.Authorization',
    'cosmos.feegrant.v1beta1.Grant.allowance': 'cosmos.feegrant.v1beta1.FeeAllowanceI',
    'cosmos.feegrant.v1beta1.AllowedMsgAllowance.allowance': 'cosmos.feegrant.v1beta1.FeeAllowanceI',
    'cosmos.evidence.v1beta1.GenesisState.evidence': 'cosmos.evidence.v1beta1.Evidence',
    'cosmos.group.v1.GroupPolicyInfo.decision_policy': 'cosmos.group.v1.DecisionPolicy',
    'cosmos.group.v1.Proposal.messages': 'cosmos.base.v1beta1.Msg',
    'cosmos.gov.v1.Proposal.messages': 'cosmos.base.v1beta1.Msg',
    'cosmos.staking.v1beta1.Validator.consensus_pubkey': 'cosmos.crypto.PubKey',
    'ibc.core.client.v1.IdentifiedClientState.client_state': 'ibc.core.client.v1.ClientState',
    'ibc.core.client.v1.ConsensusStateWithHeight.consensus_state': 'ibc.core.client.v1.ConsensusState',
    'ibc.lightclients.solomachine.v3.ConsensusState.public_key': 'cosmos.crypto.PubKey',
    'cosmwasm.wasm.v1.ContractInfo.extension': 'cosmwasm.wasm.v1.ContractInfoExtension',
    'cosmwasm.wasm.v1.ContractGrant.limit': 'cosmwasm.wasm.v1.ContractAuthzLimitX',
    'cosmwasm.wasm.v1.ContractGrant.filter': 'cosmwasm.wasm.v1.ContractAuthzFilterX',
    # x/nft resolves these through the registry without an interface: any registered message.
    'cosmos.nft.v1beta1.Class.data': 'cosmos.nft.v1beta1.Data',
    'cosmos.nft.v1beta1.NFT.data': 'cosmos.nft.v1beta1.Data',
}
IFACE_ALIASES = {
    'cosmos.auth.v1beta1.AccountI': 'cosmos.auth.v1beta1.GenesisAccount',
    'AccountI': 'cosmos.auth.v1beta1.GenesisAccount',
    'cosmos.crypto.PubKey': 'cosmos.crypto.PubKey',
    'Authorization': 'cosmos.authz.v1beta1.Authorization',
    'cosmos.authz.v1beta1.Authorization': 'cosmos.authz.v1beta1.Authorization',
    'cosmos.feegrant.v1beta1.FeeAllowanceI': 'cosmos.feegrant.v1beta1.FeeAllowanceI',
    'cosmos.evidence.v1beta1.Evidence': 'cosmos.evidence.v1beta1.Evidence',
    'cosmos.group.v1.DecisionPolicy': 'cosmos.group.v1.DecisionPolicy',
    'cosmos.gov.v1beta1.Content': 'cosmos.gov.v1beta1.Content',
    'cosmwasm.wasm.v1.ContractInfoExtension': 'cosmwasm.wasm.v1.ContractInfoExtension',
    'cosmwasm.wasm.v1.ContractAuthzLimitX': 'cosmwasm.wasm.v1.ContractAuthzLimitX',
    'cosmwasm.wasm.v1.ContractAuthzFilterX': 'cosmwasm.wasm.v1.ContractAuthzFilterX',
    'ibc.core.client.v1.ClientState': 'ibc.core.client.v1.ClientState',
    'ibc.core.client.v1.ConsensusState': 'ibc.core.client.v1.ConsensusState',
}

SCALARS = {'string': 'Str', 'bool': 'Bool', 'int32': 'I32', 'sint32': 'I32', 'sfixed32': 'I32',
           'int64': 'I64', 'sint64': 'I64', 'sfixed64': 'I64', 'uint32': 'U32', 'fixed32': 'U32',
           'uint64': 'U64', 'fixed64': 'U64', 'bytes': 'Bytes'}

def module_of(full):
    parts = full.split('.')
    if parts[0] == 'cosmos':
        return {'base': 'base', 'crypto': 'crypto', 'vesting': 'auth', 'ics23': 'ibc_lightclients',
                'msg': 'base', 'query': 'base'}.get(parts[1], parts[1])
    if parts[0] == 'ibc':
        if parts[1] == 'core': return 'ibc'
        if parts[1] == 'lightclients': return 'ibc_lightclients'
        return {'transfer': 'transfer', 'interchain_accounts': 'interchainaccounts', 'fee': 'feeibc'}[parts[2]]
    if parts[0] == 'capability': return 'capability'
    if parts[0] == 'cosmwasm': return 'wasm'
    if parts[0] == 'inference': return parts[1]
    if parts[0] == 'tendermint': return 'tendermint'
    if parts[0] == 'amino' or parts[0] == 'gogoproto': return 'base'
    raise KeyError(full)

def const_name(full):
    return re.sub(r'[^A-Za-z0-9]', '_', full).upper()

def json_name(name):
    # protoc's ToJsonName: drop '_' and upper-case the next character.
    out, up = '', False
    for c in name:
        if c == '_':
            up = True
        elif up:
            out += c.upper(); up = False
        else:
            out += c
    return out

NOTES = collections.defaultdict(set)

def field_type(msg, f):
    o = f.opts
    ct = o.get('(gogoproto.customtype)', '')
    cast = o.get('(gogoproto.casttype)', '')
    nullable = o.get('(gogoproto.nullable)', 'true') != 'false'
    if ct.endswith('math.Int'): return 'Type::Int', nullable
    if ct.endswith('math.LegacyDec'): return 'Type::Dec', nullable
    if ct:
        NOTES['customtype ' + ct].add(msg.full + '.' + f.name)
    if cast.endswith('HexBytes'): return 'Type::HexBytes', nullable
    if cast == 'RawContractMessage': return 'Type::RawJson', nullable
    if cast == 'encoding/json.RawMessage': return 'Type::RawJsonObject', nullable
    if f.type in ('float', 'double'):
        raise SystemExit(f'{msg.full}.{f.name}: floating point fields are not supported by src/schema.rs')
    if f.type in SCALARS:
        return 'Type::' + SCALARS[f.type], nullable
    full = resolve(f.type, msg.full)
    if full == 'google.protobuf.Any':
        key = msg.full + '.' + f.name
        iface = ANY_FIELD_IFACE.get(key) or o.get('(cosmos_proto.accepts_interface)')
        if iface:
            iface = IFACE_ALIASES.get(iface, iface)
        if not iface:
            NOTES['Any field without interface'].add(key)
            iface = 'unknown'
        USED_IFACES.add(iface)
        return f'Type::Any(&{iface_const(iface)})', nullable
    if full == 'google.protobuf.Duration': return 'Type::Duration', nullable
    if full == 'google.protobuf.Timestamp': return 'Type::Timestamp', nullable
    if full in ENUMS:
        if full == 'cosmwasm.wasm.v1.AccessType':
            return 'Type::WasmAccessType', nullable
        NEED.append(('enum', full))
        return f'Type::Enum(&{path_of(full)})', nullable
    if full.startswith('google.protobuf.'):
        NOTES['google type'].add(full)
    NEED.append(('msg', full))
    return f'Type::Msg(&{path_of(full)})', nullable

def iface_const(iface):
    return 'crate::modules::interfaces::' + const_name(iface)

def path_of(full):
    return f'crate::modules::{module_of(full)}::{const_name(full)}'

NEED, USED_IFACES = [], set()

def main():
    roots = sys.argv[1:]
    for root in roots:
        for d, _, fs in os.walk(root):
            for fn in sorted(fs):
                if fn.endswith('.proto'):
                    pth = os.path.join(d, fn)
                    rel = os.path.relpath(pth, root)
                    if rel in FILES:  # first root wins (gonka's vendored copies come last)
                        continue
                    parse_file(pth, rel)
    for wk in ('google.protobuf.Any', 'google.protobuf.Duration', 'google.protobuf.Timestamp'):
        MSGS.setdefault(wk, Msg(wk, 'google/protobuf'))
    out_mods = collections.defaultdict(list)
    done = set()
    for mod, root in ROOTS.items():
        NEED.append(('msg', root))
    for iface, impls in INTERFACES.items():
        for i in impls:
            NEED.append(('msg', i))
    while NEED:
        kind, full = NEED.pop()
        if (kind, full) in done: continue
        done.add((kind, full))
        if kind == 'enum':
            e = ENUMS[full]
            vals = ', '.join(f'("{n}", {v})' for n, v, _ in e.values)
            out_mods[module_of(full)].append((full, e.file,
                f'pub static {const_name(full)}: EnumDef = EnumDef {{ full_name: "{full}", values: &[{vals}] }};'))
            continue
        m = MSGS[full]
        lines = []
        for f in m.fields:
            ty, nullable = field_type(m, f)
            if f.label == 'repeated': card = 'Card::Repeated'
            elif f.label == 'map':
                raise SystemExit(f'{full}.{f.name}: map fields are not supported by src/schema.rs')
            else: card = 'Card::One'
            oneof = f'Some("{f.oneof}")' if f.oneof else 'None'
            lines.append(f'        Field {{ name: "{f.name}", json_name: "{json_name(f.name)}", ty: {ty}, card: {card}, nullable: {str(nullable).lower()}, oneof: {oneof} }},')
        body = '\n'.join(lines)
        out_mods[module_of(full)].append((full, m.file,
            f'pub static {const_name(full)}: Message = Message {{\n    full_name: "{full}",\n    fields: &[\n{body}\n    ],\n}};'))
    outdir = os.path.join(os.path.dirname(__file__), '..', 'src', 'modules')
    for mod, items in sorted(out_mods.items()):
        items.sort()
        files = sorted({f for _, f, _ in items})
        with open(os.path.join(outdir, mod + '.rs'), 'w') as fh:
            fh.write(f'//! Schema of the `{mod}` messages app_state decodes, transcribed by `tools/gen_schema.py` from\n')
            for f in files:
                fh.write(f'//! - `{f}`\n')
            fh.write('//!\n//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.\n\n')
            fh.write('use crate::schema::*;\n\n')
            for _, _, code in items:
                fh.write(code + '\n\n')
    with open(os.path.join(outdir, 'interfaces.rs'), 'w') as fh:
        fh.write('//! Interfaces an `Any` may hold: the implementations each module registers with the app\'s\n')
        fh.write('//! InterfaceRegistry (`RegisterInterfaces` in the Go sources, listed in `tools/gen_schema.py`).\n\n')
        fh.write('use crate::schema::*;\n\n')
        for iface in sorted(USED_IFACES | set(INTERFACES)):
            impls = INTERFACES.get(iface)
            if impls is None:
                fh.write(f'pub static {const_name(iface)}: Interface = Interface {{ name: "{iface}", impls: None }};\n\n')
            else:
                lst = ', '.join('&' + path_of(i) for i in impls)
                fh.write(f'pub static {const_name(iface)}: Interface = Interface {{ name: "{iface}", impls: Some(&[{lst}]) }};\n\n')
    with open(os.path.join(outdir, 'mod.rs'), 'w') as fh:
        fh.write('//! One file per module (proto package group); see `tools/gen_schema.py`.\n\n')
        for mod in sorted(set(out_mods) | {'interfaces'}):
            fh.write(f'pub mod {mod};\n')
    for k, v in NOTES.items():
        print('NOTE', k, sorted(v), file=sys.stderr)

if __name__ == '__main__':
    main()
