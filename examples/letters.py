# letters: the seed's generator examples (section 2 and the yield-from
# version of section 3.1).
def letters():
    i = 97
    end = 97 + 26
    while i < end:
        yield chr(i)
        i += 1


def gen_letters(start, n):
    i = start
    end = start + n
    while i < end:
        yield chr(i)
        i += 1


def letters_case(upper):
    if upper:
        yield from gen_letters(65, 26)
    else:
        yield from gen_letters(97, 26)


for letter in letters():
    print(letter)
for letter in letters_case(True):
    print(letter)
for letter in letters_case(False):
    print(letter)
