# oracle for x_str_tokens.ac
for n, t in enumerate("  the quick  brown fox ".split()):
    print("%d [%s] %d" % (n, t, len(t)))
