/* plain C: the same nest */
#include <stdio.h>

static void g(void)
{
    int s = 0;
    for (int i0 = 0; i0 < 1; i0++) {
    for (int i1 = 0; i1 < 1; i1++) {
    for (int i2 = 0; i2 < 1; i2++) {
    for (int i3 = 0; i3 < 1; i3++) {
    for (int i4 = 0; i4 < 1; i4++) {
    for (int i5 = 0; i5 < 1; i5++) {
    for (int i6 = 0; i6 < 1; i6++) {
    for (int i7 = 0; i7 < 1; i7++) {
    for (int i8 = 0; i8 < 1; i8++) {
    for (int i9 = 0; i9 < 1; i9++) {
    for (int i10 = 0; i10 < 1; i10++) {
    for (int i11 = 0; i11 < 1; i11++) {
    for (int i12 = 0; i12 < 1; i12++) {
    for (int i13 = 0; i13 < 1; i13++) {
    for (int i14 = 0; i14 < 1; i14++) {
    for (int i15 = 0; i15 < 1; i15++) {
    for (int i16 = 0; i16 < 1; i16++) {
    for (int i17 = 0; i17 < 1; i17++) {
    for (int i18 = 0; i18 < 1; i18++) {
    for (int i19 = 0; i19 < 1; i19++) {
    for (int i20 = 0; i20 < 1; i20++) {
    for (int i21 = 0; i21 < 1; i21++) {
    for (int i22 = 0; i22 < 1; i22++) {
    for (int i23 = 0; i23 < 1; i23++) {
    for (int i24 = 0; i24 < 1; i24++) {
    for (int i25 = 0; i25 < 1; i25++) {
    for (int i26 = 0; i26 < 1; i26++) {
    for (int i27 = 0; i27 < 1; i27++) {
    for (int i28 = 0; i28 < 1; i28++) {
    for (int i29 = 0; i29 < 1; i29++) {
    for (int i30 = 0; i30 < 1; i30++) {
    for (int i31 = 0; i31 < 1; i31++) {
    for (int i32 = 0; i32 < 1; i32++) {
    for (int i33 = 0; i33 < 1; i33++) {
    for (int i34 = 0; i34 < 1; i34++) {
    for (int i35 = 0; i35 < 1; i35++) {
    for (int i36 = 0; i36 < 1; i36++) {
    for (int i37 = 0; i37 < 1; i37++) {
    for (int i38 = 0; i38 < 1; i38++) {
    for (int i39 = 0; i39 < 1; i39++) {
    for (int i40 = 0; i40 < 1; i40++) {
    for (int i41 = 0; i41 < 1; i41++) {
    for (int i42 = 0; i42 < 1; i42++) {
    for (int i43 = 0; i43 < 1; i43++) {
    for (int i44 = 0; i44 < 1; i44++) {
    for (int i45 = 0; i45 < 1; i45++) {
    for (int i46 = 0; i46 < 1; i46++) {
    for (int i47 = 0; i47 < 1; i47++) {
    for (int i48 = 0; i48 < 1; i48++) {
    for (int i49 = 0; i49 < 1; i49++) {
    for (int i50 = 0; i50 < 1; i50++) {
    for (int i51 = 0; i51 < 1; i51++) {
    for (int i52 = 0; i52 < 1; i52++) {
    for (int i53 = 0; i53 < 1; i53++) {
    for (int i54 = 0; i54 < 1; i54++) {
    for (int i55 = 0; i55 < 1; i55++) {
    for (int i56 = 0; i56 < 1; i56++) {
    for (int i57 = 0; i57 < 1; i57++) {
    for (int i58 = 0; i58 < 1; i58++) {
    for (int i59 = 0; i59 < 1; i59++) {
    for (int i60 = 0; i60 < 1; i60++) {
    for (int i61 = 0; i61 < 1; i61++) {
    for (int i62 = 0; i62 < 1; i62++) {
    for (int i63 = 0; i63 < 1; i63++) {
    for (int i64 = 0; i64 < 1; i64++) {
    for (int i65 = 0; i65 < 1; i65++) {
    for (int i66 = 0; i66 < 1; i66++) {
    for (int i67 = 0; i67 < 1; i67++) {
    for (int i68 = 0; i68 < 1; i68++) {
    for (int i69 = 0; i69 < 2; i69++) {
        s += i69 + 1;
        printf("%d\n", s);
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    }
    printf("%d\n", -s);
}

int main(void)
{
    g();
    return 0;
}
