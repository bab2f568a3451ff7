# oracle for x_nested_zip.ac
for a, b in zip("abcd", (10, 20, 30)):
    print(ord(a) + b)
print(-1)
