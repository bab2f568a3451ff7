# oracle for x_nested_pipeline.ac
import itertools
src = (v * 3 for v in itertools.count(10) if v % 2)
for v in itertools.islice(src, 6):
    print(v)
