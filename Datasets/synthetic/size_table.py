import json,sys,glob,os
# Markdown table of the quickstart metrics for one corpus size on seeds 20261123, 1, 2 (README "Corpus size").
# usage: python3 Datasets/synthetic/size_table.py OUTDIR SUBJECTS   (OUTDIR from size_sweep.sh)
def f(e,d=2): return "%.*f"%(d,e['value'])
def ci(e,d=2): return "%.*f [%.*f, %.*f]"%(d,e['value'],d,e['ci_low'],d,e['ci_high'])
os.chdir(sys.argv[1]); S=sys.argv[2]; seeds=['20261123','1','2']
ds=[json.load(open(glob.glob(f's{S}-seed{s}/*/metrics.json')[0])) for s in seeds]
rows=[]
def row(name,fn): rows.append('| '+name+' | '+' | '.join(fn(d) for d in ds)+' |')
row('windows', lambda d: str(d['overall']['n_windows']))
row('accuracy', lambda d: ci(d['overall']['calibrated']['accuracy']))
row('ECE uncalibrated → temperature', lambda d: f(d['overall']['uncalibrated']['ece'],3)+' → '+ci(d['overall']['calibrated']['ece'],3))
def gap(fac,key,metric,d=2):
    def g(m):
        e=m[fac][key]['gap'][metric]
        return ci(e,d)+' (%s %s)'%(e['lowest'] if metric=='accuracy' else e['highest'], 'lowest' if metric=='accuracy' else 'highest')
    return g
row('group gap, accuracy', gap('by_group','speaker_group','accuracy'))
row('group gap, ECE', gap('by_group','speaker_group','ece',3))
for key,levels in [('audio_snr',['clean','20dB','5dB']),('lighting',['good','poor']),('sensor',['full','dropout'])]:
    for v in levels:
        row(f'{key} {v}: accuracy / ECE raw → cal.', lambda d: (lambda s: f(s['calibrated']['accuracy'])+' / '+f(s['uncalibrated']['ece'],3)+' → '+f(s['calibrated']['ece'],3))(d['by_condition'][key]['values'][v]))
    row(f'{key} accuracy gap', gap('by_condition',key,'accuracy'))
print(f'| {S} subjects | seed 20261123 (default) | seed 1 | seed 2 |')
print('|---|---|---|---|')
print('\n'.join(rows))
