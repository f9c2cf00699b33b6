#!/usr/bin/env python3
"""Random Avro schema pairs for the differential test of the Swift resolution engine.

Writes ``--count`` JSON lines ``{"reader": <new>, "writer": <old>, "id": n, "evolution": [...]}``
to stdout: ``writer`` is a random schema, ``reader`` the same schema after a few random
evolutions, so the line as written is a BACKWARD check (the new schema reads old data) and
the swapped pair a FORWARD check. The same ``--seed`` always gives the same lines.

Schemas have nested records, enums, arrays, maps, unions, fixed types, logical types,
namespaces, aliases, named-type references and recursive records. Evolutions add and remove
fields with and without defaults, promote and demote types, toggle nullability, change enum
symbols and defaults, rename fields and types with and without aliases, resize fixed types,
reshape unions, and sometimes replace a whole subtree. Every schema is checked with
``avro.schema.parse`` so that only schemas the reference accepts are written.

Deliberately not generated, because the Swift parser (``SchemaType(avroJSON:)``) models them
differently from the reference (see docs/compatibility.md): ``fixed`` with the ``decimal``
logical type, ``error`` types, dotted names on records, and two types sharing a short name.

Usage:  .venv-avro/bin/python generate.py --seed 20240601 --count 10000 > pairs.jsonl
"""
import argparse
import copy
import json
import random
import sys
import warnings

import avro.schema

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
LOGICALS = [
    ("int", "date"),
    ("int", "time-millis"),
    ("long", "time-micros"),
    ("long", "timestamp-millis"),
    ("long", "timestamp-micros"),
    ("string", "uuid"),
]
NAMESPACES = ["com.acme", "org.example", "ns1", "ns2"]
SYMBOLS = ["A", "B", "C", "D", "E", "F", "G", "H"]
FIELD_NAMES = ["id", "amount", "name", "kind", "status", "items", "tags", "price", "qty", "note",
               "when", "code", "ref", "owner", "score", "flag", "meta", "next", "child", "value"]
SITE_WEIGHTS = {"record": 5, "enum": 4, "fixed": 3, "union": 2}
NEIGHBOURS = {
    "null": ["boolean", "int", "string"],
    "boolean": ["int", "null", "string"],
    "int": ["long", "float", "double", "string", "boolean"],
    "long": ["int", "float", "double", "string"],
    "float": ["double", "int", "long"],
    "double": ["float", "long", "int"],
    "bytes": ["string", "int", "long"],
    "string": ["bytes", "int", "double"],
}


def full_name(name, namespace):
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def space_of(full):
    return full.rsplit(".", 1)[0] if "." in full else None


class Generator:
    def __init__(self, rng):
        self.rng = rng
        self.counter = 0

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    # ---- random schemas -------------------------------------------------------------

    def schema(self):
        ctx = {"defined": [], "open": []}
        roll = self.rng.random()
        if roll < 0.75:
            return self.record(ctx, 0, None)
        return self.type(ctx, 1, None)

    def type(self, ctx, depth, namespace):
        rng = self.rng
        roll = rng.random()
        leaf_bias = min(0.35 + 0.17 * depth, 0.9)
        if roll < leaf_bias:
            return self.leaf()
        roll = rng.random()
        if roll < 0.12 and ctx["defined"]:
            ref = self.reference(ctx, namespace)
            if ref is not None:
                return ref
        if roll < 0.22 and ctx["open"]:
            # A recursive reference, almost always behind a union or a collection.
            target = rng.choice(ctx["open"])
            ref = self.ref_form(target, namespace)
            if ref is not None:
                shape = rng.random()
                if shape < 0.6:
                    return ["null", ref]
                if shape < 0.8:
                    return {"type": "array", "items": ref}
                if shape < 0.95:
                    return {"type": "map", "values": ref}
                return ref
        roll = rng.random()
        if roll < 0.18:
            return {"type": "array", "items": self.type(ctx, depth + 1, namespace)}
        if roll < 0.30:
            return {"type": "map", "values": self.type(ctx, depth + 1, namespace)}
        if roll < 0.55:
            return self.union(ctx, depth, namespace)
        if roll < 0.68:
            return self.enum(ctx, namespace)
        if roll < 0.76:
            return self.fixed(ctx, namespace)
        return self.record(ctx, depth + 1, namespace)

    def leaf(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.62:
            return rng.choice(PRIMITIVES[1:]) if rng.random() < 0.95 else "null"
        if roll < 0.72:
            return {"type": rng.choice(PRIMITIVES[1:])}
        if roll < 0.90:
            base, logical = rng.choice(LOGICALS)
            if rng.random() < 0.08:
                base = rng.choice(PRIMITIVES[1:])  # a logical type on the wrong base is ignored
            return {"type": base, "logicalType": logical}
        precision = rng.randint(1, 20)
        scale = rng.randint(0, precision)
        if rng.random() < 0.1:
            scale = precision + 1  # invalid: the reference ignores the logical type
        return {"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale}

    def union(self, ctx, depth, namespace):
        rng = self.rng
        branches = []
        kinds = set()
        if rng.random() < 0.7:
            branches.append("null")
            kinds.add("null")
        for _ in range(rng.randint(1, 3)):
            branch = self.type(ctx, depth + 2, namespace)
            kind = self.kind_of(branch)
            if kind in ("union",) or (kind in kinds and kind not in ("record", "enum", "fixed", "ref")):
                continue
            kinds.add(kind)
            branches.append(branch)
        if rng.random() < 0.25:
            rng.shuffle(branches)
        return branches

    @staticmethod
    def kind_of(node):
        if isinstance(node, list):
            return "union"
        if isinstance(node, str):
            return node if node in PRIMITIVES else "ref"
        if node.get("type") in PRIMITIVES:
            return node["type"]
        return node.get("type")

    def named(self, ctx, prefix, namespace):
        rng = self.rng
        name = self.fresh(prefix)
        props = {"name": name}
        if rng.random() < 0.25:
            props["namespace"] = rng.choice(NAMESPACES + [""])
            own = props["namespace"] or None
        else:
            own = namespace
        return props, full_name(name, own)

    def aliases(self, full):
        rng = self.rng
        if rng.random() < 0.15:
            alias = self.fresh("Old")
            return [alias] if rng.random() < 0.5 else [f"{rng.choice(NAMESPACES)}.{alias}"]
        return None

    def enum(self, ctx, namespace):
        rng = self.rng
        props, full = self.named(ctx, "Enum", namespace)
        symbols = sorted(rng.sample(SYMBOLS, rng.randint(1, 5)), key=SYMBOLS.index)
        node = {"type": "enum", **props, "symbols": symbols}
        if rng.random() < 0.35:
            node["default"] = rng.choice(symbols)
        aliases = self.aliases(full)
        if aliases:
            node["aliases"] = aliases
        ctx["defined"].append(full)
        return node

    def fixed(self, ctx, namespace):
        rng = self.rng
        props, full = self.named(ctx, "Fixed", namespace)
        node = {"type": "fixed", **props, "size": rng.choice([2, 4, 8, 16])}
        if rng.random() < 0.05:
            node["logicalType"] = "duration"  # unknown to both sides: plain fixed
        aliases = self.aliases(full)
        if aliases:
            node["aliases"] = aliases
        ctx["defined"].append(full)
        return node

    def record(self, ctx, depth, namespace):
        rng = self.rng
        props, full = self.named(ctx, "Rec", namespace)
        node = {"type": "record", **props}
        aliases = self.aliases(full)
        if aliases:
            node["aliases"] = aliases
        ctx["open"].append(full)
        inner = space_of(full)
        fields = []
        used = set()
        for _ in range(rng.randint(0, 5 if depth < 2 else 3)):
            name = rng.choice(FIELD_NAMES)
            if name in used:
                continue
            used.add(name)
            fields.append(self.field(ctx, depth, inner, name))
        node["fields"] = fields
        ctx["open"].remove(full)
        ctx["defined"].append(full)
        return node

    def field(self, ctx, depth, namespace, name):
        rng = self.rng
        field = {"name": name, "type": self.type(ctx, depth + 1, namespace)}
        if rng.random() < 0.4:
            field["default"] = self.default_for(field["type"])
        if rng.random() < 0.08:
            field["aliases"] = [rng.choice(FIELD_NAMES)]
        if rng.random() < 0.05:
            field["doc"] = "a field"
        return field

    def reference(self, ctx, namespace):
        target = self.rng.choice(ctx["defined"])
        return self.ref_form(target, namespace)

    @staticmethod
    def ref_form(target, namespace):
        target_space = space_of(target)
        short = target.rsplit(".", 1)[-1]
        if (target_space or None) == (namespace or None):
            return short
        if target_space is None:
            return None  # a null-namespace type cannot be named from inside a namespace
        return target

    def default_for(self, node):
        rng = self.rng
        if isinstance(node, list):
            return self.default_for(node[0]) if node else None
        kind = node if isinstance(node, str) else node.get("type")
        if kind == "null":
            return None
        if kind == "boolean":
            return rng.random() < 0.5
        if kind in ("int", "long"):
            return rng.randint(-5, 100)
        if kind in ("float", "double"):
            return 1.5
        if kind in ("bytes", "string"):
            return "x"
        if kind == "array":
            return []
        if kind == "map":
            return {}
        if kind == "enum":
            return node["symbols"][0]
        if kind == "fixed":
            return "\u0000" * node["size"]
        return {}

    # ---- evolutions -----------------------------------------------------------------

    def sites(self, holder):
        """Every type position: (container, key, node, default namespace)."""
        found = []

        def walk(container, key, namespace):
            node = container[key]
            found.append((container, key, node, namespace))
            if isinstance(node, list):
                for index in range(len(node)):
                    walk(node, index, namespace)
            elif isinstance(node, dict):
                kind = node.get("type")
                if kind == "array":
                    walk(node, "items", namespace)
                elif kind == "map":
                    walk(node, "values", namespace)
                elif kind == "record":
                    own = node.get("namespace", namespace)
                    inner = space_of(full_name(node["name"], own if own != "" else None))
                    for field in node.get("fields", []):
                        walk(field, "type", inner)

        walk(holder, "root", None)
        return found

    def names_in(self, holder):
        return [site[2]["name"] for site in self.sites(holder)
                if isinstance(site[2], dict) and site[2].get("type") in ("record", "enum", "fixed")]

    def evolve(self, holder, log):
        rng = self.rng
        sites = self.sites(holder)
        # Named types and unions carry most of the resolution rules, so they are picked more often.
        weights = [SITE_WEIGHTS.get(self.kind_of(site[2]), 1) for site in sites]
        container, key, node, namespace = rng.choices(sites, weights=weights)[0]
        kind = self.kind_of(node)
        roll = rng.random()
        ctx = {"defined": [], "open": []}
        if kind == "record" and roll < 0.75:
            return self.evolve_record(node, namespace, log)
        if kind == "enum" and roll < 0.75:
            return self.evolve_enum(node, log)
        if kind == "fixed" and roll < 0.6:
            if rng.random() < 0.5:
                node["size"] = rng.choice([s for s in [2, 4, 8, 16] if s != node["size"]])
                log.append("fixed-resize")
            else:
                self.rename(node, log, "fixed")
            return
        if kind == "union" and roll < 0.6:
            choice = rng.random()
            if choice < 0.35 and len(node) > 0:
                node.pop(rng.randrange(len(node)))
                log.append("union-remove-branch")
            elif choice < 0.7:
                node.insert(rng.randint(0, len(node)), self.type(ctx, 3, namespace))
                log.append("union-add-branch")
            elif choice < 0.85 and node:
                container[key] = rng.choice(node)
                log.append("union-unwrap")
            else:
                rng.shuffle(node)
                log.append("union-reorder")
            return
        choice = rng.random()
        if choice < 0.35 and kind in NEIGHBOURS:
            base = NEIGHBOURS[kind]
            new = rng.choice(base)
            if isinstance(node, dict) and node.get("logicalType") and rng.random() < 0.5:
                node = dict(node)
                node["type"] = new
                container[key] = node
            else:
                container[key] = new
            log.append(f"retype-{kind}-{new}")
        elif choice < 0.55 and kind != "union":
            container[key] = ["null", node] if rng.random() < 0.8 else [node, "null"]
            log.append("make-nullable")
        elif choice < 0.65 and kind in ("int", "long", "string", "bytes"):
            if isinstance(node, dict) and node.get("logicalType"):
                container[key] = node["type"] if rng.random() < 0.5 else {**node, "logicalType": rng.choice(LOGICALS)[1]}
                log.append("logical-change")
            else:
                base, logical = rng.choice([item for item in LOGICALS if item[0] == kind] or [(kind, "date")])
                container[key] = {"type": base, "logicalType": logical}
                log.append("logical-add")
        elif choice < 0.75 and kind in ("array", "map"):
            inner = node.get("items", node.get("values"))
            container[key] = {"type": "map", "values": inner} if kind == "array" else {"type": "array", "items": inner}
            log.append("collection-swap")
        else:
            ctx["defined"] = []
            container[key] = self.type(ctx, 2, namespace)
            log.append("replace-subtree")

    def rename(self, node, log, what):
        rng = self.rng
        old_name = node["name"]
        old_full = full_name(old_name, node.get("namespace"))
        node["name"] = self.fresh("Renamed")
        if rng.random() < 0.6:
            node["aliases"] = list(node.get("aliases", [])) + [old_full if rng.random() < 0.7 else old_name]
            log.append(f"{what}-rename-with-alias")
        else:
            log.append(f"{what}-rename")

    def evolve_enum(self, node, log):
        rng = self.rng
        choice = rng.random()
        symbols = node["symbols"]
        if choice < 0.3:
            extra = [s for s in SYMBOLS if s not in symbols]
            if extra:
                symbols.append(rng.choice(extra))
                log.append("enum-add-symbol")
                return
        if choice < 0.6 and len(symbols) > 1:
            removed = symbols.pop(rng.randrange(len(symbols)))
            if node.get("default") == removed:
                del node["default"]
            log.append("enum-remove-symbol")
            return
        if choice < 0.85:
            if "default" in node:
                del node["default"]
                log.append("enum-drop-default")
            else:
                node["default"] = rng.choice(symbols)
                log.append("enum-add-default")
            return
        self.rename(node, log, "enum")

    def evolve_record(self, node, namespace, log):
        rng = self.rng
        fields = node["fields"]
        choice = rng.random()
        inner = space_of(full_name(node["name"], node.get("namespace", namespace) or None))
        if choice < 0.25:
            used = {field["name"] for field in fields}
            free = [name for name in FIELD_NAMES if name not in used]
            if free:
                field = self.field({"defined": [], "open": []}, 2, inner, rng.choice(free))
                if rng.random() < 0.5 and "default" not in field:
                    field["default"] = self.default_for(field["type"])
                fields.insert(rng.randint(0, len(fields)), field)
                log.append("field-add-with-default" if "default" in field else "field-add")
                return
        if choice < 0.45 and fields:
            removed = fields.pop(rng.randrange(len(fields)))
            log.append("field-remove-with-default" if "default" in removed else "field-remove")
            return
        if choice < 0.58 and fields:
            field = rng.choice(fields)
            used = {f["name"] for f in fields}
            free = [name for name in FIELD_NAMES if name not in used]
            if free:
                old = field["name"]
                field["name"] = rng.choice(free)
                if rng.random() < 0.6:
                    field["aliases"] = [old]
                    log.append("field-rename-with-alias")
                else:
                    log.append("field-rename")
                return
        if choice < 0.72 and fields:
            field = rng.choice(fields)
            if "default" in field:
                del field["default"]
                log.append("field-drop-default")
            else:
                field["default"] = self.default_for(field["type"])
                log.append("field-add-default")
            return
        if choice < 0.8:
            if "namespace" in node and rng.random() < 0.5:
                del node["namespace"]
            else:
                node["namespace"] = rng.choice(NAMESPACES)
            log.append("record-namespace")
            return
        if choice < 0.9:
            self.rename(node, log, "record")
            return
        rng.shuffle(fields)
        log.append("field-reorder")


def parses(schema):
    try:
        avro.schema.parse(json.dumps(schema))
        return True
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    generator = Generator(rng)
    written = 0
    out = sys.stdout
    while written < args.count:
        old = generator.schema()
        if not parses(old):
            continue
        roll = rng.random()
        log = []
        if roll < 0.04:
            new = copy.deepcopy(old)
            log.append("identical")
        elif roll < 0.10:
            new = generator.schema()
            log.append("unrelated")
        else:
            new = None
            for _ in range(12):
                holder = {"root": copy.deepcopy(old)}
                attempt = []
                for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                    generator.evolve(holder, attempt)
                if parses(holder["root"]):
                    new = holder["root"]
                    log = attempt
                    break
            if new is None:
                continue
        if not parses(new):
            continue
        out.write(json.dumps({"reader": new, "writer": old, "id": written, "evolution": log}) + "\n")
        written += 1
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
