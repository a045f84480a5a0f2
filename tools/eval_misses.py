"""Lists leaked sensitive items and damaged decoys from score.py --details output (dev aid)."""
import json, sys
ev = sys.argv[1]; details = json.load(open(sys.argv[2]))
for img in details:
    gt = json.load(open(f"{ev}/gt/{img['id']}.json"))
    items = {it['id']: it for it in gt['items']}
    for b in img['boxes']:
        it = items[b['item']]
        if b['cls'] == 'sensitive' and b['readable']:
            print('LEAK ', img['id'][4:], it['kind'], repr(it['value'])[:60], b['why'], 'partial' if b['partial'] else '')
        if b['cls'] == 'decoy' and not b['readable']:
            print('DECOY', img['id'][4:], it['kind'], repr(it['value'])[:60], b['why'])
