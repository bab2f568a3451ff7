# oracle for x_rec_tree.ac: in-order walk of the balanced tree over 0..14 (values *3)
for i in range(15):
    print(i * 3)
print(15)
